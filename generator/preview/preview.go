// Package preview owns the local preview server: an http.Handler that
// serves the last good build from memory, adds the live-reload script to
// the HTML it serves (never to the built bytes), pushes a reload to open
// pages over server-sent events after each build, and while the latest
// build failed shows its errors in an overlay on every page.
//
// It is for the person at this machine only: it answers only requests
// whose Host is the address it listens on or a loopback name (so that a web
// page elsewhere cannot read the preview through DNS rebinding), and sends
// the security headers the published site gets from netlify.toml, so that
// the preview breaks where the site would.
package preview

import (
	"bytes"
	_ "embed"
	"fmt"
	"html"
	"mime"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/statuspress/statuspress/generator/hosting"
	"github.com/statuspress/statuspress/generator/output"
)

// Prefix is the URL path under which the server's own files live.
const Prefix = "/_statuspress/"

//go:embed reload.js
var reloadJS []byte

//go:embed overlay.css
var overlayCSS []byte

// Server is the preview handler. The zero value is not ready; use New.
type Server struct {
	mu      sync.Mutex
	set     output.Set // last good site; nil before the first good build
	errs    []string   // errors of the latest build; nil when it was good
	version uint64     // counts builds; pages reload when it moves
	subs    map[chan uint64]struct{}
	done    chan struct{}
	once    sync.Once
	// Heartbeat is how often an idle event stream sends a comment, so that
	// dead connections are found; New sets 15s.
	Heartbeat time.Duration
	// CSP is the Content-Security-Policy sent with every response, so that
	// the preview breaks where the published site would; New sets the
	// policy of netlify.toml.
	CSP string
	// Listen is the host:port the server listens on. Requests are answered
	// only when their Host is that, or a loopback name (localhost,
	// 127.0.0.1, [::1]) with its port; when Listen is an unspecified
	// address (0.0.0.0:1313), any IP address with its port. With Listen
	// "", any port of a loopback name.
	Listen  string
	headers map[string]string // see Headers
}

// Headers are the security headers the published site is sent with every
// file (hosting's rule for "/*", as netlify.toml and _headers give it),
// but for two: the Content-Security-Policy, which is Server.CSP, and
// Access-Control-Allow-Origin, which would let any web page read the
// preview, drafts included, from a script.
func Headers() map[string]string {
	out := map[string]string{}
	for _, r := range hosting.Rules() {
		if r.For != "/*" {
			continue
		}
		for _, h := range r.Headers {
			if h.Name != "Content-Security-Policy" && h.Name != "Access-Control-Allow-Origin" {
				out[h.Name] = h.Value
			}
		}
	}
	return out
}

// DefaultCSP is the Content-Security-Policy the published site is sent
// with (hosting's rule for "/*").
func DefaultCSP() string {
	for _, r := range hosting.Rules() {
		for _, h := range r.Headers {
			if r.For == "/*" && h.Name == "Content-Security-Policy" {
				return h.Value
			}
		}
	}
	return ""
}

// New returns a Server with no site yet.
func New() *Server {
	return &Server{subs: map[chan uint64]struct{}{}, done: make(chan struct{}), Heartbeat: 15 * time.Second, CSP: DefaultCSP(), headers: Headers()}
}

// allowedHost reports whether a request for host (a Host header) is for
// this server, as Listen says.
func (s *Server) allowedHost(host string) bool {
	name, port, err := net.SplitHostPort(host)
	if err != nil {
		name, port = host, "80" // no port: the default one
	}
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	lname, lport, err := net.SplitHostPort(s.Listen)
	if err != nil {
		lname, lport = "", ""
	}
	if lport != "" && port != lport {
		return false
	}
	ip := net.ParseIP(strings.Trim(name, "[]"))
	switch {
	case name == "localhost", ip != nil && ip.IsLoopback():
		return true
	case lname == "":
		return false
	case strings.EqualFold(name, lname):
		return true
	}
	lip := net.ParseIP(lname)
	return lip != nil && lip.IsUnspecified() && ip != nil
}

// Publish makes set the site served, clears the error overlay and reloads
// open pages. It returns how many paths were added, changed or removed.
func (s *Server) Publish(set output.Set) int {
	s.mu.Lock()
	changed := 0
	for p, b := range set {
		if old, ok := s.set[p]; !ok || !bytes.Equal(old, b) {
			changed++
		}
	}
	for p := range s.set {
		if _, ok := set[p]; !ok {
			changed++
		}
	}
	s.set, s.errs = set, nil
	s.bumpLocked()
	s.mu.Unlock()
	return changed
}

// Fail records a failed build: the last good site stays served, and every
// page shows errs (one "path:line:col: message" each) in an overlay.
func (s *Server) Fail(errs []string) {
	s.mu.Lock()
	if len(errs) == 0 {
		errs = []string{"build failed"}
	}
	s.errs = append([]string(nil), errs...)
	s.bumpLocked()
	s.mu.Unlock()
}

func (s *Server) bumpLocked() {
	s.version++
	for ch := range s.subs {
		select {
		case <-ch: // drop a version not yet sent: only the newest matters
		default:
		}
		ch <- s.version
	}
}

// Close ends every open event stream, so that an http.Server can shut
// down without waiting for them.
func (s *Server) Close() { s.once.Do(func() { close(s.done) }) }

// ServeHTTP serves the site, the reload script, the overlay style and the
// event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	for k, v := range s.headers {
		h.Set(k, v)
	}
	if s.CSP != "" {
		h.Set("Content-Security-Policy", s.CSP)
	}
	if !s.allowedHost(r.Host) {
		// 421: this server is not the one the name points at.
		where := "localhost"
		if name, port, err := net.SplitHostPort(s.Listen); err == nil {
			if ip := net.ParseIP(name); ip == nil || !ip.IsUnspecified() {
				where = s.Listen
			} else {
				where = net.JoinHostPort(where, port)
			}
		}
		http.Error(w, fmt.Sprintf("statuspress serve previews the site for this computer only: open it as http://%s/, not through the name %q", where, r.Host), http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case Prefix + "events":
		s.events(w, r)
		return
	case Prefix + "reload.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = w.Write(reloadJS)
		return
	case Prefix + "overlay.css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		_, _ = w.Write(overlayCSS)
		return
	}
	s.mu.Lock()
	set, errs, version := s.set, s.errs, s.version
	s.mu.Unlock()

	name, data, code := lookup(set, r.URL.Path)
	if code == http.StatusMovedPermanently {
		http.Redirect(w, r, r.URL.Path+"/", code)
		return
	}
	if set == nil {
		name, data, code = "index.html", noSitePage, http.StatusServiceUnavailable
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data, version, errs, set != nil)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// lookup finds the file for a URL path: "/" and "/x/" are their
// index.html; "/x" that is a folder asks for a redirect; anything else
// missing is the nearest 404.html above it (en/404.html for /en/x), with
// status 404.
func lookup(set output.Set, urlPath string) (string, []byte, int) {
	name := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if strings.HasSuffix(urlPath, "/") {
		name = path.Join(name, "index.html")
	}
	if data, ok := set[name]; ok {
		return name, data, http.StatusOK
	}
	if _, ok := set[path.Join(name, "index.html")]; ok && !strings.HasSuffix(urlPath, "/") {
		return "", nil, http.StatusMovedPermanently
	}
	// The nearest 404.html above the path: en/404.html for /en/...
	// on a site in several languages, as Cloudflare Pages does.
	for dir := path.Dir(name); ; dir = path.Dir(dir) {
		p := path.Join(dir, "404.html")
		if data, ok := set[p]; ok {
			return p, data, http.StatusNotFound
		}
		if dir == "." || dir == "/" {
			break
		}
	}
	return "404.html", []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><main><h1>Not found</h1></main></body></html>`), http.StatusNotFound
}

// noSitePage is served for every path until a build succeeds; the
// overlay lists what stops it.
var noSitePage = []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>statuspress preview</title></head><body><main><h1>No site yet</h1><p>The first build failed.</p></main></body></html>`)

// inject returns page with the reload script, the build version it shows
// and, when errs is not empty, the error overlay added; shown says whether
// page is from the last good build (false: none succeeded yet). The script
// is an external file, so a Content-Security-Policy of script-src 'self'
// allows it; the overlay is plain markup styled by an external sheet.
func inject(page []byte, version uint64, errs []string, shown bool) []byte {
	head := fmt.Sprintf(`<meta name="statuspress-version" content="%d"><script src="%sreload.js" defer></script>`, version, Prefix)
	if len(errs) > 0 {
		head += `<link rel="stylesheet" href="` + Prefix + `overlay.css">`
	}
	out := insertBefore(page, "</head>", head)
	if len(errs) == 0 {
		return out
	}
	var b strings.Builder
	heading := "Build failed: the last good site is shown"
	if !shown {
		heading = "Build failed: no site could be built yet"
	}
	b.WriteString(`<div id="statuspress-overlay" role="alert"><h2>` + heading + `</h2><pre>`)
	for _, e := range errs {
		b.WriteString(html.EscapeString(e))
		b.WriteByte('\n')
	}
	b.WriteString(`</pre><p>Fix the file and save: the page reloads.</p></div>`)
	return insertBefore(out, "</body>", b.String())
}

// insertBefore puts s before the first tag (matched without regard to
// case), or at the end when the page lacks it.
func insertBefore(page []byte, tag, s string) []byte {
	i := bytes.Index(bytes.ToLower(page), []byte(tag))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(s))
	out = append(out, page[:i]...)
	out = append(out, s...)
	return append(out, page[i:]...)
}

// events streams the build version: once at once, then after every
// build. The page compares it with the version it was served with.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	ch := make(chan uint64, 1)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	ch <- s.version
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, ch)
		s.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if _, err := fmt.Fprint(w, "retry: 500\n\n"); err != nil {
		return
	}
	heartbeat := time.NewTicker(s.Heartbeat)
	defer heartbeat.Stop()
	for {
		var err error
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case v := <-ch:
			_, err = fmt.Fprintf(w, "data: %d\n\n", v)
		case <-heartbeat.C:
			_, err = fmt.Fprint(w, ": ping\n\n")
		}
		if err == nil {
			err = rc.Flush()
		}
		if err != nil {
			return
		}
	}
}
