package main

// These commands are being built; each moves to its own file.
