//go:build linux

package outdir

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// processStart tells whether process pid exists and, if it can, when it
// started: field 22 of /proc/<pid>/stat, in clock ticks since boot. A
// zombie counts as gone.
func processStart(pid int) (start string, exists bool) {
	if pid <= 0 {
		return "", false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if errors.Is(err, fs.ErrNotExist) {
		return "", false
	}
	if err != nil {
		err := syscall.Kill(pid, 0)
		return "", err == nil || errors.Is(err, syscall.EPERM)
	}
	// The command name may hold spaces and parentheses: the fields that
	// follow it start after the last ')'; field 3 is then the first.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return "", true
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 20 {
		return "", true
	}
	if f[0] == "Z" || f[0] == "X" {
		return "", false
	}
	return f[19], true
}
