// Package crashtest holds no code, only tests: they build the statuspress
// binary and stop its builds with SIGINT, SIGTERM and kill -9 at random
// points, hold it stopped inside the output folder's lock, and check what
// README's "Safety" section promises: every published file whole, the
// output folder all old or all new, the next build byte-identical to a
// clean one, one build per folder.
package crashtest
