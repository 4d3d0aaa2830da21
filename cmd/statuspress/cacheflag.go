package main

import (
	"flag"
	"os"

	"github.com/statuspress/statuspress/generator/cache"
)

// cacheFlag adds -no-cache to fs: build and watch keep parsed incidents
// and what they made in the user's cache folder unless told not to.
func cacheFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("no-cache", false, "keep nothing in the user's cache folder (also "+cache.EnvDisable+"=1)")
}

// cacheRoot returns the cache root a build uses, "" for none: off (the
// flag), the environment variable, or no cache folder known.
func (e *env) cacheRoot(off bool) string {
	getenv := e.getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if off || cache.Disabled(getenv) {
		return ""
	}
	root, err := cache.Root()
	if err != nil {
		return ""
	}
	return root
}
