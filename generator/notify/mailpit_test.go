package notify

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// mailpit is a real SMTP server (github.com/axllent/mailpit) on loopback,
// with its HTTP API to read what arrived. .ci/run installs it with
// go install github.com/axllent/mailpit@v1.27.11; without it the email
// tests skip, unless CI=1 makes them required.
type mailpit struct {
	smtpPort int
	api      string
	roots    *x509.CertPool
}

// findMailpit returns the mailpit binary, or "" when there is none and
// CI is not set.
func findMailpit(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	out, err := exec.Command("go", "env", "GOPATH").Output()
	if err == nil {
		p := filepath.Join(string(trimNL(out)), "bin", "mailpit")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("mailpit is not installed: go install github.com/axllent/mailpit@v1.27.11")
	}
	t.Log("mailpit is not installed (go install github.com/axllent/mailpit@v1.27.11): no email; CI=1 makes it required")
	return ""
}

func trimNL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// startMailpit runs mailpit with a certificate for 127.0.0.1 that only
// the returned pool trusts. mode is "starttls" (STARTTLS required, with a
// login user:secret) or "tls" (TLS from the first byte, no login). It
// returns nil when mailpit is not installed (and CI is not set).
func startMailpit(t *testing.T, mode string) *mailpit {
	bin := findMailpit(t)
	if bin == "" {
		return nil
	}
	dir := t.TempDir()
	certFile, keyFile, roots := selfSigned(t, dir)
	mp := &mailpit{smtpPort: freePort(t), roots: roots}
	uiPort := freePort(t)
	mp.api = "http://127.0.0.1:" + strconv.Itoa(uiPort)
	args := []string{
		"--smtp", "127.0.0.1:" + strconv.Itoa(mp.smtpPort), "--listen", "127.0.0.1:" + strconv.Itoa(uiPort),
		"--database", filepath.Join(dir, "mailpit.db"), "--smtp-tls-cert", certFile, "--smtp-tls-key", keyFile,
		"--smtp-disable-rdns", "--quiet",
	}
	if mode == "tls" {
		args = append(args, "--smtp-require-tls", "--smtp-auth-accept-any")
	} else {
		auth := filepath.Join(dir, "auth")
		if err := os.WriteFile(auth, []byte("user:secret\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--smtp-require-starttls", "--smtp-auth-file", auth)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get(mp.api + "/api/v1/messages")
		if err == nil {
			resp.Body.Close()
			if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(mp.smtpPort)); err == nil {
				c.Close()
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return mp
}

// arrived is a message as mailpit's API shows it.
type arrived struct {
	ID, Subject, MessageID string
	To                     []struct{ Address string }
	Text, HTML             string
}

// messages returns every message that arrived, oldest first, with its
// text and HTML.
func (mp *mailpit) messages(t *testing.T) []arrived {
	t.Helper()
	if mp == nil {
		return nil
	}
	var list struct{ Messages []arrived }
	mp.get(t, "/api/v1/messages", &list)
	out := make([]arrived, 0, len(list.Messages))
	for i := len(list.Messages) - 1; i >= 0; i-- { // the API lists newest first
		var full arrived
		mp.get(t, "/api/v1/message/"+list.Messages[i].ID, &full)
		out = append(out, full)
	}
	return out
}

func (mp *mailpit) get(t *testing.T, path string, v any) {
	t.Helper()
	resp, err := http.Get(mp.api + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("mailpit %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("mailpit %s: %v", path, err)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// selfSigned writes a certificate and key for 127.0.0.1 and returns a
// pool that trusts it.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, roots *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	roots = x509.NewCertPool()
	roots.AddCert(cert)
	return certFile, keyFile, roots
}
