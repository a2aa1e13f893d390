//go:build unix && !linux

package outdir

import (
	"errors"
	"syscall"
)

// processStart tells whether process pid exists; the start time is not
// looked up on these systems, so a reused pid counts as live.
func processStart(pid int) (start string, exists bool) {
	if pid <= 0 {
		return "", false
	}
	err := syscall.Kill(pid, 0)
	return "", err == nil || errors.Is(err, syscall.EPERM)
}
