package config

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/statuspress/statuspress/generator/diag"
)

// Notify is one [[notify]] channel of site.toml: where statuspress notify
// tells subscribers about new updates. Secrets are never in the file: the
// *Env fields name the environment variables that hold them.
type Notify struct {
	Name       string   // unique among the channels; the type when not given
	Type       string   // one of NotifyTypes
	Components []string // component ids followed; empty follows all
	Language   string   // language of the messages; "" is the site's
	URLEnv     string   // slack, teams, discord, webhook: variable holding the address
	SecretEnv  string   // webhook: variable holding the HMAC-SHA256 key
	Hub        string   // websub: the hub's public address
	// Email over SMTP.
	Host        string
	Port        int
	TLS         string // "starttls" (default) or "tls"
	UsernameEnv string
	PasswordEnv string
	From        string
	To          []string
	Pos         diag.Pos // of the [[notify]] header
}

// NotifyTypes lists the kinds of channel notify can send to.
var NotifyTypes = []string{"slack", "teams", "discord", "webhook", "email", "websub"}

// Follows reports whether the channel wants updates of an incident with
// scope: it follows all components, or one of them is in scope.
func (n *Notify) Follows(scope []string) bool {
	if len(n.Components) == 0 {
		return true
	}
	for _, id := range scope {
		if contains(n.Components, id) {
			return true
		}
	}
	return false
}

// Hubs lists the addresses of the WebSub hubs of the site's channels, in
// file order: every feed names them.
func (s *Site) Hubs() []string {
	var out []string
	for _, n := range s.Notify {
		if n.Type == "websub" && n.Hub != "" && !contains(out, n.Hub) {
			out = append(out, n.Hub)
		}
	}
	return out
}

var (
	envPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	notifyKeys = map[string][]string{
		"slack":   {"url_env"},
		"teams":   {"url_env"},
		"discord": {"url_env"},
		"webhook": {"url_env", "secret_env"},
		"email":   {"host", "port", "tls", "username_env", "password_env", "from", "to"},
		"websub":  {"hub"},
	}
)

func notifyChannels(t *Table, site *Site, opts Options, diags *diag.List) []Notify {
	v, ok := t.mark("notify")
	if !ok {
		return nil
	}
	list, ok := v.([]map[string]any)
	if !ok {
		diags.Errorf(t.KeyPos("notify"), "notify must be written as [[notify]] tables, each with a type such as \"slack\"")
		return nil
	}
	var out []Notify
	names := make(map[string]diag.Pos)
	for i, m := range list {
		path := fmt.Sprintf("notify.%d.", i)
		nt := t.Sub(m, path, headerLine(t, path))
		n, ok := notifyChannel(nt, site, opts)
		if !ok {
			continue
		}
		if first, dup := names[n.Name]; dup {
			diags.Errorf(nt.KeyPos("name"), "two notify channels are named %q (the first at line %d): give each a name = \"...\" of its own, since what each channel was told is kept under its name", n.Name, first.Line)
			continue
		}
		names[n.Name] = n.Pos
		out = append(out, n)
	}
	return out
}

func notifyChannel(t *Table, site *Site, opts Options) (Notify, bool) {
	n := Notify{Pos: diag.Pos{File: t.File, Line: t.Line, Col: 1}}
	t.Require("type")
	n.Type = t.String("type")
	known, ok := notifyKeys[n.Type]
	if !ok {
		if n.Type != "" || t.Has("type") {
			if s := diag.Suggest(n.Type, NotifyTypes); s != "" {
				t.Diags.Errorf(t.ValuePos("type"), "unknown notify type %q; did you mean %q?", n.Type, s)
			} else {
				t.Diags.Errorf(t.ValuePos("type"), "unknown notify type %q: use one of %s", n.Type, strings.Join(NotifyTypes, ", "))
			}
		}
		return n, false
	}
	ok = true
	n.Name = n.Type
	if t.Has("name") {
		n.Name = t.String("name")
		if !ValidName(n.Name) {
			t.Diags.Errorf(t.ValuePos("name"), "notify name %q must use only a-z, 0-9 and dashes, like \"slack-ops\"", n.Name)
			ok = false
		}
	}
	n.Components = t.Strings("components")
	for _, id := range n.Components {
		if site.Component(id) == nil {
			t.Diags.Errorf(t.ItemPos("components", id), "notify channel follows unknown component %q: use an id from the [[components]] list (%s), or leave components out to follow all", id, strings.Join(site.ComponentIDs(), ", "))
			ok = false
		}
	}
	if t.Has("language") {
		n.Language = t.String("language")
		switch {
		case !langPattern.MatchString(n.Language):
			t.Diags.Errorf(t.ValuePos("language"), "language %q is not a language code such as \"en\" or \"ja\"", n.Language)
			ok = false
		case len(opts.Languages) > 0 && !contains(opts.Languages, n.Language):
			t.Diags.Errorf(t.ValuePos("language"), "the theme has no strings for language %q (available: %s)", n.Language, strings.Join(opts.Languages, ", "))
			ok = false
		}
	}
	example := func(key string) string {
		if key == "url_env" {
			return strings.ToUpper(n.Type) + "_WEBHOOK_URL"
		}
		return strings.ToUpper(n.Type) + "_" + strings.ToUpper(strings.TrimSuffix(key, "_env"))
	}
	env := func(key string, required bool) string {
		if !t.Has(key) {
			if required {
				t.Diags.Errorf(t.KeyPos(key), "a %s channel needs %s: the name of the environment variable that holds the secret, like %s = %q", n.Type, key, key, example(key))
				ok = false
			}
			return ""
		}
		s := t.String(key)
		if !envPattern.MatchString(s) {
			// Do not print the value: it may be the secret itself.
			t.Diags.Errorf(t.ValuePos(key), "%s names an environment variable (letters, digits and _), not the secret itself: put the secret in the CI's secrets and write %s = %q", key, key, example(key))
			ok = false
			return ""
		}
		return s
	}
	switch n.Type {
	case "slack", "teams", "discord":
		n.URLEnv = env("url_env", true)
	case "webhook":
		n.URLEnv = env("url_env", true)
		n.SecretEnv = env("secret_env", true)
	case "websub":
		t.Require("hub")
		if n.Hub = t.String("hub"); n.Hub != "" {
			if u, err := url.Parse(n.Hub); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
				t.Diags.Errorf(t.ValuePos("hub"), "hub must be the hub's public http(s) address, like \"https://pubsubhubbub.appspot.com/\"")
				ok = false
			}
		} else {
			ok = false
		}
	case "email":
		t.Require("host", "from", "to")
		n.Host = t.String("host")
		n.From = t.String("from")
		n.To = t.Strings("to")
		n.TLS = "starttls"
		if t.Has("tls") {
			n.TLS = t.String("tls")
			if n.TLS != "starttls" && n.TLS != "tls" {
				t.Diags.Errorf(t.ValuePos("tls"), "tls must be \"starttls\" (port 587) or \"tls\" (port 465)")
				ok = false
			}
		}
		def := 587
		if n.TLS == "tls" {
			def = 465
		}
		n.Port = t.Int("port", def)
		if n.Port < 1 || n.Port > 65535 {
			t.Diags.Errorf(t.ValuePos("port"), "port must be between 1 and 65535, like port = %d", def)
			ok = false
		}
		n.UsernameEnv = env("username_env", false)
		n.PasswordEnv = env("password_env", false)
		if (n.UsernameEnv == "") != (n.PasswordEnv == "") {
			t.Diags.Errorf(n.Pos, "an email channel with a login needs both username_env and password_env")
			ok = false
		}
		for _, addr := range append([]string{n.From}, n.To...) {
			if addr != "" && !strings.Contains(addr, "@") {
				key := "to"
				if addr == n.From {
					key = "from"
				}
				t.Diags.Errorf(t.ItemPos(key, addr), "%q is not an email address like \"status@example.com\"", addr)
				ok = false
			}
		}
		if t.Has("to") && len(n.To) == 0 {
			t.Diags.Errorf(t.ValuePos("to"), "to is empty: give the list address, like to = [\"customers@lists.example.com\"]")
			ok = false
		}
		if n.Host == "" || n.From == "" {
			ok = false
		}
	}
	t.CheckUnknown(append([]string{"type", "name", "components", "language"}, known...))
	return n, ok
}
