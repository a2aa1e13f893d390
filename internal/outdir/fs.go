package outdir

import (
	"io"
	"io/fs"
	"os"
	"runtime"
)

// fileSystem is what Write does to the disk, so that tests can make any
// step fail. Every method that changes the disk is one step a test can fail.
type fileSystem interface {
	Mkdir(name string) error
	MkdirAll(name string) error
	// Create makes a new file, 0644 less the umask; it fails if name exists.
	Create(name string) (writeFile, error)
	Rename(from, to string) error
	Remove(name string) error
	RemoveAll(name string) error
	Link(from, to string) error
	// SyncDir makes a folder's entries durable, as far as the system
	// allows; it never fails.
	SyncDir(name string)
	// BatchSync reports whether SyncAll makes the files written under a
	// folder durable at once; when not, each file is synced as written.
	BatchSync() bool
	SyncAll(dir string) error

	Open(name string) (io.ReadCloser, error)
	ReadFile(name string) ([]byte, error)
	ReadDir(name string) ([]fs.DirEntry, error)
	Lstat(name string) (fs.FileInfo, error)
	Stat(name string) (fs.FileInfo, error)
}

type writeFile interface {
	io.Writer
	Sync() error
	Close() error
}

// osFS is the real disk.
type osFS struct{}

func (osFS) Mkdir(name string) error    { return os.Mkdir(name, 0o755) }
func (osFS) MkdirAll(name string) error { return os.MkdirAll(name, 0o755) }
func (osFS) Create(name string) (writeFile, error) {
	return os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
}
func (osFS) Rename(from, to string) error { return os.Rename(from, to) }
func (osFS) Remove(name string) error     { return os.Remove(name) }
func (osFS) RemoveAll(name string) error  { return os.RemoveAll(name) }
func (osFS) Link(from, to string) error   { return os.Link(from, to) }

func (osFS) SyncDir(name string) {
	if runtime.GOOS == "windows" {
		return // folders cannot be opened for syncing; NTFS journals renames itself
	}
	if f, err := os.Open(name); err == nil {
		f.Sync()
		f.Close()
	}
}

func (osFS) BatchSync() bool          { return batchSync }
func (osFS) SyncAll(dir string) error { return syncAll(dir) }

func (osFS) Open(name string) (io.ReadCloser, error)    { return os.Open(name) }
func (osFS) ReadFile(name string) ([]byte, error)       { return os.ReadFile(name) }
func (osFS) ReadDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }
func (osFS) Lstat(name string) (fs.FileInfo, error)     { return os.Lstat(name) }
func (osFS) Stat(name string) (fs.FileInfo, error)      { return os.Stat(name) }
