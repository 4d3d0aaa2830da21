package notify

import (
	"html/template"
	"strings"

	"golang.org/x/net/html"
)

// lineMark stands for a <br> while runs of white space are joined; it is
// a line break afterwards. The tokenizer turns a NUL in text into U+FFFD,
// so the mark cannot come from the update itself.
const lineMark = "\x00"

var lineBreak = strings.NewReplacer(" "+lineMark+" ", "\n", lineMark+" ", "\n", " "+lineMark, "\n", lineMark, "\n")

// plainText turns the HTML of an update (from the safe Markdown renderer)
// into text for chat and mail: paragraphs apart by a blank line, list
// items on lines of their own, the line breaks of the Markdown source
// joined into spaces (chat would show them as hard breaks), a <br> as one
// line break, and a link's address after its text when they differ.
func plainText(h template.HTML) string {
	z := html.NewTokenizer(strings.NewReader(string(h)))
	var out, line strings.Builder
	pre, lists := 0, 0
	sep := ""
	var links []struct {
		href  string
		start int
	}
	flush := func() {
		s := line.String()
		line.Reset()
		if pre == 0 {
			s = lineBreak.Replace(strings.Join(strings.Fields(s), " "))
		} else {
			s = strings.Trim(s, "\n")
			for strings.Contains(s, "\n\n\n") {
				s = strings.ReplaceAll(s, "\n\n\n", "\n\n")
			}
		}
		if strings.TrimSpace(s) == "" {
			return
		}
		out.WriteString(sep)
		out.WriteString(strings.TrimRight(s, "\n"))
		sep = "\n\n"
		if lists > 0 {
			sep = "\n"
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return out.String()
		case html.TextToken:
			line.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			start := tt != html.EndTagToken
			switch string(name) {
			case "br":
				if pre > 0 {
					line.WriteString("\n")
				} else {
					line.WriteString(lineMark)
				}
			case "a":
				if start {
					href := ""
					for hasAttr {
						var k, v []byte
						k, v, hasAttr = z.TagAttr()
						if string(k) == "href" {
							href = string(v)
						}
					}
					links = append(links, struct {
						href  string
						start int
					}{href, line.Len()})
				} else if n := len(links); n > 0 {
					l := links[n-1]
					links = links[:n-1]
					text := strings.TrimSpace(line.String()[min(l.start, line.Len()):])
					if l.href != "" && text != l.href && !strings.HasPrefix(l.href, "#") && !strings.HasPrefix(l.href, "mailto:") {
						line.WriteString(" (" + l.href + ")")
					}
				}
			case "li":
				flush()
				if start {
					line.WriteString("• ")
				}
			case "ul", "ol":
				flush()
				if start {
					lists++
				} else if lists > 0 {
					lists--
					if lists == 0 && out.Len() > 0 {
						sep = "\n\n"
					}
				}
			case "pre":
				flush()
				if start {
					pre++
				} else if pre > 0 {
					pre--
				}
			case "p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "hr":
				flush()
			case "td", "th":
				line.WriteString(" ")
			}
		}
	}
}
