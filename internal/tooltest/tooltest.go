// Package tooltest finds the external programs some tests need (poppler's
// pdftotext, qpdf, LibreOffice): a test skips when one is missing, except
// in CI (CI=true), where .ci/run installs them and a missing one fails.
package tooltest

import (
	"os"
	"os/exec"
	"testing"
)

// Need returns the path of the program name, or ends the test.
func Need(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing; .ci/run installs it", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return path
}
