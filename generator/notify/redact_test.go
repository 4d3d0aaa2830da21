package notify

import (
	"net/http"
	"strings"
	"testing"
)

// TestRedactHTTPError: the errors net/http really returns for a webhook
// address lose every part of it, also when the address holds a user name
// and password, which net/http prints as "user:***@".
func TestRedactHTTPError(t *testing.T) {
	for _, addr := range []string{
		"http://127.0.0.1:1/services/T0/B0/pathsecret",
		"http://hookuser:hookpass@127.0.0.1:1/in/pathsecret",
		"http://hookuser:hookpass@127.0.0.1:1/",
		"http://hook%20user:hook%2Fpass@127.0.0.1:1/",
		"http://127.0.0.1:1/bad%zzpathsecret",
	} {
		var r redactor
		r.add(addr, "HOOK_URL")
		resp, err := http.Post(addr, "application/json", strings.NewReader("{}"))
		if err == nil {
			resp.Body.Close()
			t.Fatalf("%s: want an error, the port is closed", addr)
		}
		got := r.err(err).Error()
		for _, part := range []string{"pathsecret", "hookuser", "hookpass", "hook user", "hook%20user", "hook%2Fpass"} {
			if strings.Contains(got, part) {
				t.Errorf("%s: the error shows %q: %s", addr, part, got)
			}
		}
		if !strings.Contains(got, "$HOOK_URL") {
			t.Errorf("%s: the error does not name the variable: %s", addr, got)
		}
	}
}
