//go:build !race

package source

// memoryFactor is 1 without the race detector: the budget is the goal.
const memoryFactor = 1
