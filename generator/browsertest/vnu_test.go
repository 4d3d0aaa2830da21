package browsertest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestValidHTML runs the Nu HTML Checker over every generated page (and
// the CSS) of the test sites and the demo: zero errors.
func TestValidHTML(t *testing.T) {
	java, err := exec.LookPath("java")
	needTool(t, "java", err)
	jar := filepath.Join(repoRoot, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	_, err = os.Stat(jar)
	needTool(t, "the Nu HTML Checker (npm ci)", err)

	args := []string{"-jar", jar, "--errors-only", "--skip-non-html", "--also-check-css"}
	for _, name := range []string{"en", "ja", "bilingual", "demo"} {
		args = append(args, sites[name].dir)
	}
	var out bytes.Buffer
	cmd := exec.Command(java, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Errorf("the Nu HTML Checker found errors (%v):\n%s", err, out.Bytes())
	}
}
