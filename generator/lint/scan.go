package lint

import (
	"cmp"
	"math"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A detector finds one kind of internal detail. The table is constant:
// compiled once, never changed.
type detector struct {
	kind   string
	re     *regexp.Regexp
	secret bool // shorten the match in the message
	advice string
	// ok, when set, rejects a match by its surroundings.
	ok func(text string, start, end int) bool
	// need is the clue (see needs) the text must hold for the regexp to
	// run at all, so that ordinary prose skips it: scanning runs over
	// every public text on every build. Each clue is something every
	// match of the regexp holds, or was the detector's test before.
	need uint32
}

const (
	adviceAddr   = "internal addresses help attackers; remove it unless customers need it"
	adviceHost   = "internal host names help attackers; name the service as customers know it"
	adviceTrace  = "stack traces show how the system is built; describe the effect instead"
	adviceSecret = "remove it now and revoke it if it is real"
)

var detectors = []detector{
	{kind: "IPv4 address", re: regexp.MustCompile(`\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?:/\d{1,2})?`), advice: adviceAddr, ok: ipv4OK, need: clueQuad},
	{kind: "IPv6 address", re: regexp.MustCompile(`(?i)[0-9a-f]{0,4}:[0-9a-f:]*:[0-9a-f.]*(?:%[0-9a-z]+)?`), advice: adviceAddr, ok: ipv6OK, need: clueColons},
	{kind: "internal host name", re: regexp.MustCompile(`(?i)[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?)*\.(?:internal|local|localdomain|corp|lan|intra|intranet|private|home\.arpa)`), advice: adviceHost, ok: hostOK, need: clueHost},
	{kind: "stack trace", re: regexp.MustCompile(`(?m)^[ \t]*at [\w$.<>/\[\]` + "`" + `]+ ?\(.*(?:\.(?:java|kt|scala|js|ts|mjs|cs):\d+|Native Method|Unknown Source|:\d+:\d+)\)?`), advice: adviceTrace, need: clueAt},
	{kind: "stack trace", re: regexp.MustCompile(`(?m)^[ \t]*at [^\s()]+:\d+:\d+`), advice: adviceTrace, need: clueAt},
	{kind: "stack trace", re: regexp.MustCompile(`Traceback \(most recent call last\)|(?m)^[ \t]*File "[^"]+", line \d+`), advice: adviceTrace, need: cluePython},
	{kind: "stack trace", re: regexp.MustCompile(`goroutine \d+ \[[a-z ]+\]:|(?m)^[ \t]*\S+\.go:\d+ \+0x[0-9a-f]+|panic: runtime error`), advice: adviceTrace, need: clueGo},
	{kind: "stack trace", re: regexp.MustCompile(`(?m)^[ \t]*from \S+\.rb:\d+:in |(?m)^[ \t]*at \S+\(.*\) in \S+:line \d+|Exception in thread "`), advice: adviceTrace, need: clueRubyNet},
	{kind: "exception name", re: regexp.MustCompile(`\b[A-Z][A-Za-z0-9]*[a-z0-9](?:Exception|Error)\b`), advice: adviceTrace, need: clueCamel},
	{kind: "private key", re: regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`), secret: true, advice: adviceSecret, need: clueBegin},
	{kind: "AWS access key", re: regexp.MustCompile(`\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b`), secret: true, advice: adviceSecret, need: clueAWS},
	{kind: "JSON Web Token", re: regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{6,}\.eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}`), secret: true, advice: adviceSecret, need: clueJWT},
	{kind: "API token", re: regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}|xox[abposr]-[A-Za-z0-9-]{10,}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35}|sk-[A-Za-z0-9_-]{20,}|glpat-[A-Za-z0-9_-]{20,})`), secret: true, advice: adviceSecret, need: clueToken},
	{kind: "credential", re: regexp.MustCompile(`(?i)\b(?:api[_-]?key|secret|token|passw(?:or)?d|access[_-]?key)\s*[:=]\s*["']?[^\s"']{6,}`), secret: true, advice: adviceSecret, ok: credentialOK, need: clueCredential},
	{kind: "bearer token", re: regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{16,}`), secret: true, advice: adviceSecret, need: clueBearer},
	{kind: "password in a URL", re: regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@`), secret: true, advice: adviceSecret, need: clueScheme},
	{kind: "secret-looking string", re: regexp.MustCompile(`[A-Za-z0-9+/_-]{32,}={0,2}`), secret: true, advice: adviceSecret, ok: randomOK, need: clueRun},
}

// hit is one match of a detector, before overlaps are resolved.
type hit struct {
	start, end int
	d          *detector
}

// Scan returns the internal details found in text, in order; where two
// detectors match overlapping text, the earlier and longer match wins.
// Text in which needs finds no clue costs one pass and no allocation.
func Scan(text string) []Finding {
	clues := needs(text)
	if clues == 0 {
		return nil
	}
	var hits []hit
	for i := range detectors {
		d := &detectors[i]
		if clues&d.need == 0 {
			continue
		}
		for _, m := range d.re.FindAllStringIndex(text, -1) {
			if d.ok == nil || d.ok(text, m[0], m[1]) {
				hits = append(hits, hit{m[0], m[1], d})
			}
		}
	}
	if len(hits) == 0 {
		return nil
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		if a.start != b.start {
			return cmp.Compare(a.start, b.start)
		}
		return cmp.Compare(b.end, a.end)
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

// before and after return the characters around a match, or 0.
func before(text string, i int) rune {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	if r == utf8.RuneError {
		return 0
	}
	return r
}

func after(text string, i int) rune {
	r, _ := utf8.DecodeRuneInString(text[i:])
	if r == utf8.RuneError {
		return 0
	}
	return r
}

func isWord(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_')
}

// ipv4OK accepts a dotted quad that is an address, not a version number:
// it must stand alone (no digit, letter or dot-digit run on either side)
// and no version word may come just before it ("v1.2.3.4", "version
// 10.0.0.1", "バージョン 1.2.3.4").
func ipv4OK(text string, start, end int) bool {
	b, a := before(text, start), after(text, end)
	if isWord(b) || b == '.' || b == '-' || isWord(a) || a == '-' {
		return false
	}
	if a == '.' && isWord(after(text, end+1)) {
		return false
	}
	addr, _, _ := strings.Cut(text[start:end], "/")
	if _, err := netip.ParseAddr(addr); err != nil {
		return false
	}
	lead := strings.ToLower(text[max(0, start-20):start])
	lead = strings.TrimRight(lead, " \t:=(#")
	for _, w := range []string{"version", "ver.", "ver", "v", "release", "build", "バージョン", "版"} {
		if strings.HasSuffix(lead, w) {
			return false
		}
	}
	return true
}

// ipv6OK accepts text that parses as an IPv6 address and stands alone.
// Clock times ("10:05", "15:00:00") and MAC addresses do not parse.
func ipv6OK(text string, start, end int) bool {
	s := text[start:end]
	if isWord(before(text, start)) || before(text, start) == ':' || isWord(after(text, end)) {
		return false
	}
	s = strings.TrimSuffix(s, ".")
	if strings.Trim(s, ":") == "" {
		return false // "::" alone is punctuation in prose more often than an address
	}
	addr, err := netip.ParseAddr(s)
	return err == nil && addr.Is6()
}

// hostOK accepts a name whose last label is the internal one: "db1.corp"
// but not "db1.corp.example.com", nor "index.locale".
func hostOK(text string, start, end int) bool {
	b, a := before(text, start), after(text, end)
	if isWord(b) || b == '.' || b == '-' || isWord(a) || a == '-' {
		return false
	}
	if a == '.' && isWord(after(text, end+1)) {
		return false
	}
	return true
}

// randomOK accepts a long run that looks random (mixed letter cases and
// digits, high entropy), like a generated key, and not a word, a path or
// a hex digest.
func randomOK(text string, start, end int) bool {
	if isWord(before(text, start)) || isWord(after(text, end)) {
		return false
	}
	s := text[start:end]
	var upper, lower, digit bool
	counts := map[rune]int{}
	for _, r := range s {
		counts[r]++
		switch {
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= '0' && r <= '9':
			digit = true
		}
	}
	if !upper || !lower || !digit || strings.Count(s, "/") > 2 {
		return false
	}
	entropy := 0.0
	for _, n := range counts {
		p := float64(n) / float64(len(s))
		entropy -= p * math.Log2(p)
	}
	return entropy > 4.0
}

// credentialOK accepts "token: 8f3kQ..." but not prose like "token: expired":
// a value with no digit is taken for words.
func credentialOK(text string, start, end int) bool {
	m := text[start:end]
	i := strings.IndexAny(m, ":=")
	return strings.ContainsAny(m[i+1:], "0123456789")
}
