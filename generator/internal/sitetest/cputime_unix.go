//go:build unix

package sitetest

import (
	"syscall"
	"time"
)

// CPUTime is the processor time this process has used, user and system:
// on a shared machine it varies far less with the load than wall time.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
