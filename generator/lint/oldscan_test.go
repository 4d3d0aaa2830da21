package lint

// The scan as it was before the single-pass prefilter, kept as the
// oracle that the new one must agree with, finding for finding.

import (
	"regexp"
	"sort"
	"strings"
)

// An oldDetector finds one kind of internal detail. The table is constant:
// compiled once, never changed.
type oldDetector struct {
	kind   string
	re     *regexp.Regexp
	secret bool // shorten the match in the message
	advice string
	// ok, when set, rejects a match by its surroundings.
	ok func(text string, start, end int) bool
	// need is a cheap test that the text could match at all (lower is the
	// text in lower case), so that ordinary prose skips the regexp:
	// scanning runs over every public text on every build.
	need func(text, lower string) bool
}

func oldHas(subs ...string) func(text, lower string) bool {
	return func(text, _ string) bool {
		for _, s := range subs {
			if strings.Contains(text, s) {
				return true
			}
		}
		return false
	}
}

func oldHasLower(subs ...string) func(text, lower string) bool {
	return func(_, lower string) bool {
		for _, s := range subs {
			if strings.Contains(lower, s) {
				return true
			}
		}
		return false
	}
}

// oldLineStartsAt reports whether a line begins, after blanks, with "at ".
func oldLineStartsAt(text, _ string) bool {
	for line := range strings.Lines(text) {
		if strings.HasPrefix(strings.TrimLeft(line, " \t"), "at ") {
			return true
		}
	}
	return false
}

// oldDottedDigits reports whether text oldHas three dots between digits, as
// a dotted quad oldHas; sentences end with dots too.
func oldDottedDigits(text, _ string) bool {
	n := 0
	for i := 1; i+1 < len(text); i++ {
		if text[i] == '.' && isDigitByte(text[i-1]) && isDigitByte(text[i+1]) {
			if n++; n == 3 {
				return true
			}
		}
	}
	return false
}

// oldCamelSuffix reports whether one of the words ends a longer CamelCase
// name ("TimeoutError"), not a sentence ("Error rates are normal").
func oldCamelSuffix(words ...string) func(text, lower string) bool {
	return func(text, _ string) bool {
		for _, w := range words {
			for i := strings.Index(text, w); i >= 0; {
				if i > 0 && (text[i-1] >= 'a' && text[i-1] <= 'z' || isDigitByte(text[i-1])) {
					return true
				}
				j := strings.Index(text[i+1:], w)
				if j < 0 {
					break
				}
				i += 1 + j
			}
		}
		return false
	}
}

// oldLongRun reports whether text oldHas 32 or more key-like characters in a row.
func oldLongRun(text, _ string) bool {
	n := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '_' || c == '-' {
			n++
			if n >= 32 {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}

var oldDetectors = []oldDetector{
	{kind: "IPv4 address", re: regexp.MustCompile(`\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?:/\d{1,2})?`), advice: adviceAddr, ok: ipv4OK, need: oldDottedDigits},
	{kind: "IPv6 address", re: regexp.MustCompile(`(?i)[0-9a-f]{0,4}:[0-9a-f:]*:[0-9a-f.]*(?:%[0-9a-z]+)?`), advice: adviceAddr, ok: ipv6OK, need: func(t, _ string) bool { return strings.Count(t, ":") >= 2 }},
	{kind: "internal host name", re: regexp.MustCompile(`(?i)[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?)*\.(?:internal|local|localdomain|corp|lan|intra|intranet|private|home\.arpa)`), advice: adviceHost, ok: hostOK, need: oldHasLower(".internal", ".local", ".corp", ".lan", ".intra", ".private", "home.arpa")},
	{kind: "stack trace", re: regexp.MustCompile(`(?m)^[ \t]*at [\w$.<>/\[\]` + "`" + `]+ ?\(.*(?:\.(?:java|kt|scala|js|ts|mjs|cs):\d+|Native Method|Unknown Source|:\d+:\d+)\)?`), advice: adviceTrace, need: oldLineStartsAt},
	{kind: "stack trace", re: regexp.MustCompile(`(?m)^[ \t]*at [^\s()]+:\d+:\d+`), advice: adviceTrace, need: oldLineStartsAt},
	{kind: "stack trace", re: regexp.MustCompile(`Traceback \(most recent call last\)|(?m)^[ \t]*File "[^"]+", line \d+`), advice: adviceTrace, need: oldHas("Traceback", `File "`)},
	{kind: "stack trace", re: regexp.MustCompile(`goroutine \d+ \[[a-z ]+\]:|(?m)^[ \t]*\S+\.go:\d+ \+0x[0-9a-f]+|panic: runtime error`), advice: adviceTrace, need: oldHas("goroutine ", ".go:", "panic: ")},
	{kind: "stack trace", re: regexp.MustCompile(`(?m)^[ \t]*from \S+\.rb:\d+:in |(?m)^[ \t]*at \S+\(.*\) in \S+:line \d+|Exception in thread "`), advice: adviceTrace, need: oldHas(".rb:", ":line ", "Exception in thread")},
	{kind: "exception name", re: regexp.MustCompile(`\b[A-Z][A-Za-z0-9]*[a-z0-9](?:Exception|Error)\b`), advice: adviceTrace, need: oldCamelSuffix("Exception", "Error")},
	{kind: "private key", re: regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`), secret: true, advice: adviceSecret, need: oldHas("-----BEGIN ")},
	{kind: "AWS access key", re: regexp.MustCompile(`\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b`), secret: true, advice: adviceSecret, need: oldHas("AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA")},
	{kind: "JSON Web Token", re: regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{6,}\.eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}`), secret: true, advice: adviceSecret, need: oldHas("eyJ")},
	{kind: "API token", re: regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}|xox[abposr]-[A-Za-z0-9-]{10,}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35}|sk-[A-Za-z0-9_-]{20,}|glpat-[A-Za-z0-9_-]{20,})`), secret: true, advice: adviceSecret, need: oldHas("gh", "github_pat_", "xox", "_live_", "_test_", "AIza", "sk-", "glpat-")},
	{kind: "credential", re: regexp.MustCompile(`(?i)\b(?:api[_-]?key|secret|token|passw(?:or)?d|access[_-]?key)\s*[:=]\s*["']?[^\s"']{6,}`), secret: true, advice: adviceSecret, ok: credentialOK, need: oldHasLower("key", "secret", "token", "passw")},
	{kind: "bearer token", re: regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{16,}`), secret: true, advice: adviceSecret, need: oldHasLower("bearer")},
	{kind: "password in a URL", re: regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@`), secret: true, advice: adviceSecret, need: oldHas("://")},
	{kind: "secret-looking string", re: regexp.MustCompile(`[A-Za-z0-9+/_-]{32,}={0,2}`), secret: true, advice: adviceSecret, ok: randomOK, need: oldLongRun},
}

// oldScan returns the internal details found in text, in order; where two
// oldDetectors match overlapping text, the earlier and longer match wins.
func oldScan(text string) []Finding {
	type hit struct {
		start, end int
		d          *oldDetector
	}
	var hits []hit
	lower := strings.ToLower(text)
	for i := range oldDetectors {
		d := &oldDetectors[i]
		if d.need != nil && !d.need(text, lower) {
			continue
		}
		for _, m := range d.re.FindAllStringIndex(text, -1) {
			if d.ok == nil || d.ok(text, m[0], m[1]) {
				hits = append(hits, hit{m[0], m[1], d})
			}
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].start != hits[j].start {
			return hits[i].start < hits[j].start
		}
		return hits[i].end > hits[j].end
	})
	var out []Finding
	end := -1
	lastTrace := -1
	for _, h := range hits {
		if h.start < end {
			continue
		}
		end = h.end
		if h.d.kind == "stack trace" || h.d.kind == "exception name" {
			// One warning per trace: skip its following lines, which
			// may have a line or two between them that match nothing.
			line := strings.Count(text[:h.start], "\n")
			if lastTrace >= 0 && line-lastTrace <= 3 {
				lastTrace = line
				continue
			}
			lastTrace = line
		}
		out = append(out, Finding{
			Offset: h.start, Len: h.end - h.start,
			What:   describe(h.d.kind, text[h.start:h.end], h.d.secret),
			Advice: h.d.advice,
			Kind:   h.d.kind, Secret: h.d.secret, Shown: shown(text[h.start:h.end], h.d.secret),
		})
	}
	return out
}
