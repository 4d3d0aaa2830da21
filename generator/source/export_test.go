package source

import "crypto/sha256"

// NewWorkerParse returns parse as one Loader worker runs it, with a
// table of shared texts of its own, for the external tests.
func NewWorkerParse(opts Options) func(file string, data []byte) (*Incident, int) {
	opts.strs = strs{}
	return func(file string, data []byte) (*Incident, int) {
		in, d := parse(file, string(data), len(data), sha256.Sum256(data), opts)
		return in, len(d)
	}
}
