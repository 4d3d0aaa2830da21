package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// profileFlags are -cpuprofile and -memprofile: anyone can see where a
// build of their own site spends its time and memory, with
// `go tool pprof FILE`.
type profileFlags struct {
	cpu, mem *string
}

func addProfileFlags(fs *flag.FlagSet) profileFlags {
	return profileFlags{
		cpu: fs.String("cpuprofile", "", "write a CPU profile of the build to `FILE` (see go tool pprof)"),
		mem: fs.String("memprofile", "", "write a memory profile of the build to `FILE` when it ends (see go tool pprof)"),
	}
}

// start begins the CPU profile; the function it returns ends it and
// writes the memory profile.
func (p profileFlags) start() (stop func() error, err error) {
	var cpu *os.File
	if *p.cpu != "" {
		if cpu, err = os.Create(*p.cpu); err != nil {
			return nil, fmt.Errorf("-cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, fmt.Errorf("-cpuprofile: %w", err)
		}
	}
	return func() error {
		var errs []error
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				errs = append(errs, fmt.Errorf("-cpuprofile: %w", err))
			}
		}
		if *p.mem != "" {
			errs = append(errs, writeHeapProfile(*p.mem))
		}
		return errors.Join(errs...)
	}, nil
}

// writeHeapProfile writes the heap profile to name: what is live at the
// end (inuse_space) and all that the build allocated (alloc_space).
func writeHeapProfile(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("-memprofile: %w", err)
	}
	runtime.GC() // up to date statistics
	err = pprof.Lookup("heap").WriteTo(f, 0)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("-memprofile: %w", err)
	}
	return nil
}
