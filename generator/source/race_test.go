//go:build race

package source

// memoryFactor widens the memory budget under the race detector, which
// allocates shadow state beside every allocation the parse makes.
const memoryFactor = 4
