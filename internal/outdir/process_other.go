//go:build !unix && !windows

package outdir

// processStart cannot tell on these systems: every lock counts as live.
func processStart(pid int) (start string, exists bool) {
	return "", pid > 0
}
