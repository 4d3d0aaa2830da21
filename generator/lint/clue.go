package lint

import "strings"

// The clues needs looks for in a text, one bit each: a detector's
// regexp runs only on a text holding its clue.
const (
	clueQuad       uint32 = 1 << iota // three dots between digits, as a dotted quad has (sentences end with dots too)
	clueColons                        // two colons with only hex digits between
	clueHost                          // ".internal", ".local", ".corp", ".lan", ".intra", ".private" or "home.arpa", in any case
	clueAt                            // a line that starts, after blanks, with "at "
	cluePython                        // "Traceback" or `File "`
	clueGo                            // "goroutine ", ".go:" or "panic: "
	clueRubyNet                       // ".rb:", ":line " or "Exception in thread"
	clueCamel                         // "Exception" or "Error" ending a longer CamelCase name, not a sentence
	clueBegin                         // "-----BEGIN "
	clueAWS                           // the prefix of an AWS key id
	clueJWT                           // "eyJ"
	clueToken                         // the prefix of an API token: "gh" and one of "pousr" and "_", "github_pat_", "xox", "_live_", "_test_", "AIza", "sk-", "glpat-"
	clueCredential                    // "key", "secret", "token" or "passw" in any case, and a ':' or '='
	clueBearer                        // "bearer" in any case
	clueScheme                        // "://"
	clueRun                           // 32 or more key-like characters in a row

	// credWord and assign make clueCredential together.
	credWord
	assign
)

// foldClues are the clues found in any case, as in the text mapped to
// lower case: strings.ToLower turns two characters outside ASCII into
// ASCII letters (İ into i and the Kelvin sign K into k), and a text
// holding one is looked at in lower case, as the scan always did.
const foldClues = clueHost | credWord | clueBearer

var (
	hostClues = []string{".internal", ".local", ".corp", ".lan", ".intra", ".private", "home.arpa"}
	credClues = []string{"key", "secret", "token", "passw"}
	awsClues  = []string{"AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"}
)

// needs returns the clues text holds, in one pass over its bytes and
// without a copy: it is run on every public text of every build, and
// ordinary prose holds none, so that no regexp runs on it. A clue is
// looked for at its least common byte (the k of "token", the J of
// "eyJ"), which keeps the common letters of prose on the quick path.
func needs(text string) uint32 {
	var m uint32
	dots, run := 0, 0
	unusual := false // a character that lower-cases into ASCII
	if atLine(text, 0) {
		m |= clueAt
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		k := byteClass[c]
		run++
		if k&classKey == 0 {
			run = 0
		}
		if run >= 32 {
			m |= clueRun
		}
		if k&classClue == 0 {
			continue
		}
		rest := text[i:]
		switch c {
		case '\n':
			if atLine(text, i+1) {
				m |= clueAt
			}
		case '.':
			if i > 0 && isDigitByte(text[i-1]) && i+1 < len(text) && isDigitByte(text[i+1]) {
				if dots++; dots == 3 {
					m |= clueQuad
				}
			}
			if anyFold(rest, hostClues[:6]) || i >= 4 && hasPrefixFold(text[i-4:], "home.arpa") {
				m |= clueHost
			}
			if strings.HasPrefix(rest, ".go:") {
				m |= clueGo
			}
			if strings.HasPrefix(rest, ".rb:") {
				m |= clueRubyNet
			}
		case ':':
			m |= assign
			j := i - 1
			for j >= 0 && byteClass[text[j]]&classHex != 0 {
				j--
			}
			if j >= 0 && text[j] == ':' {
				m |= clueColons
			}
			if strings.HasPrefix(rest, ":line ") {
				m |= clueRubyNet
			}
			if strings.HasPrefix(rest, "://") {
				m |= clueScheme
			}
		case '=':
			m |= assign
		case '-':
			if strings.HasPrefix(rest, "-----BEGIN ") {
				m |= clueBegin
			}
			if i >= 2 && text[i-2:i] == "sk" || i >= 5 && text[i-5:i] == "glpat" {
				m |= clueToken
			}
		case '_':
			if strings.HasPrefix(rest, "_live_") || strings.HasPrefix(rest, "_test_") ||
				i >= 3 && text[i-3] == 'g' && text[i-2] == 'h' && strings.IndexByte("pousr", text[i-1]) >= 0 ||
				i >= 6 && strings.HasPrefix(text[i-6:], "github_pat_") {
				m |= clueToken
			}
		case 'k', 'K':
			if hasPrefixFold(rest, "key") || i >= 2 && hasPrefixFold(text[i-2:], "token") {
				m |= credWord
			}
		case 'c', 'C':
			if i >= 2 && hasPrefixFold(text[i-2:], "secret") {
				m |= credWord
			}
		case 'p', 'P':
			if hasPrefixFold(rest, "passw") {
				m |= credWord
			}
			if strings.HasPrefix(rest, "panic: ") {
				m |= clueGo
			}
		case 'b', 'B':
			if hasPrefixFold(rest, "bearer") {
				m |= clueBearer
			}
		case 'T':
			if strings.HasPrefix(rest, "Traceback") {
				m |= cluePython
			}
		case 'F':
			if strings.HasPrefix(rest, `File "`) {
				m |= cluePython
			}
		case 'g':
			if strings.HasPrefix(rest, "goroutine ") {
				m |= clueGo
			}
		case 'E':
			if strings.HasPrefix(rest, "Exception in thread") {
				m |= clueRubyNet
			}
			if i > 0 && (text[i-1] >= 'a' && text[i-1] <= 'z' || isDigitByte(text[i-1])) &&
				(strings.HasPrefix(rest, "Exception") || strings.HasPrefix(rest, "Error")) {
				m |= clueCamel
			}
		case 'A':
			for _, p := range awsClues {
				if strings.HasPrefix(rest, p) {
					m |= clueAWS
				}
			}
			if strings.HasPrefix(rest, "AIza") {
				m |= clueToken
			}
		case 'J':
			if i >= 2 && text[i-2:i] == "ey" {
				m |= clueJWT
			}
		case 'x':
			if strings.HasPrefix(rest, "xox") {
				m |= clueToken
			}
		case 0xC4: // İ is C4 B0
			unusual = unusual || strings.HasPrefix(rest, "\u0130")
		case 0xE2: // K is E2 84 AA
			unusual = unusual || strings.HasPrefix(rest, "\u212A")
		}
	}
	if unusual {
		m &^= foldClues
		lower := strings.ToLower(text)
		if anyContains(lower, hostClues) {
			m |= clueHost
		}
		if anyContains(lower, credClues) {
			m |= credWord
		}
		if strings.Contains(lower, "bearer") {
			m |= clueBearer
		}
	}
	if m&(credWord|assign) == credWord|assign {
		// The regexp wants a ':' or '=' after the word.
		m |= clueCredential
	}
	return m &^ (credWord | assign)
}

// atLine reports whether the line starting at byte i of text starts,
// after blanks, with "at ".
func atLine(text string, i int) bool {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return strings.HasPrefix(text[i:], "at ")
}

// The classes of a byte, for needs.
const (
	classKey  = 1 << iota // may be part of a generated key: [A-Za-z0-9+/_-]
	classHex              // a hex digit
	classClue             // may start a clue: needs looks closer
)

// byteClass gives the classes of each byte. It is constant: computed
// once, never changed.
var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= '0' && c <= '9':
			t[c] = classKey | classHex
		case c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
			t[c] = classKey | classHex
		case c >= 'g' && c <= 'z', c >= 'G' && c <= 'Z', c == '+', c == '/', c == '_', c == '-':
			t[c] = classKey
		}
	}
	for _, c := range []byte("\n.:=-_kKcCpPbBTFgEAJx\xC4\xE2") {
		t[c] |= classClue
	}
	return t
}()

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// hasPrefixFold reports whether s starts with lower, a lower-case ASCII
// word, in any case of its ASCII letters.
func hasPrefixFold(s, lower string) bool {
	if len(s) < len(lower) {
		return false
	}
	for i := 0; i < len(lower); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

func anyFold(s string, words []string) bool {
	for _, w := range words {
		if hasPrefixFold(s, w) {
			return true
		}
	}
	return false
}

func anyContains(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
