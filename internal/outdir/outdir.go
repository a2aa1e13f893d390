// Package outdir writes a set of files into a folder as one transaction:
// either every file is written and recorded, or the folder is left as it
// was. It knows nothing of what the files hold; each File says how to
// produce its bytes.
//
// A run of Write, in order:
//
//  1. checks the paths (no two the same, ignoring case; none under a name
//     starting with ".kehoach"; no folder where a file goes, no file where a
//     folder goes), makes the folder if needed and takes the lock
//     .kehoach.lock, which records the process id, host name and process
//     start time. A lock whose process is gone, or whose process id now
//     belongs to a process started later (start times are compared on
//     Linux and Windows), is taken over with a notice; a live one, or one
//     from another host, makes Write return ErrLocked.
//  2. recovers what an interrupted run left (see below), with a notice.
//  3. reads the manifest .kehoach-manifest.json (slash path → sha256 of
//     what was written). A file whose content no longer matches its record
//     was edited by a person; a file that exists but has no record
//     (manifest missing, unreadable, or silent about it) and differs from
//     what would be written is of unknown provenance. Both are kept and
//     listed in an *EditedError (ErrEdited), and nothing is written,
//     unless Options.Force is set.
//  4. renders every file, in parallel, into a staging folder
//     .kehoach-stage-XXXX/new/<path>, hashing as it writes, so no file is
//     held in memory; then writes the new manifest to new/.kehoach-manifest.json.
//  5. commits: writes journal.json (folders to make, and every path with
//     its new sha256, the manifest last) with a temporary file, fsync and
//     rename; makes the folders; for each path moves the existing file to
//     old/<path> and the staged one into place; the manifest goes last,
//     so it is never behind the files. Removing journal.json is the commit
//     point; the staging folder is then deleted.
//
// A step that fails undoes what was done: staged files moved back,
// backups put back, folders made by the run removed, the stage and lock
// deleted. A later run finds a stage left by a killed run: without a
// journal (killed while rendering, or after the commit point) it is
// deleted; with one, it is rolled forward (every file had been moved: the
// stage is deleted) or rolled back (each moved file returned to the stage,
// then its backup put back; both steps are renames, so a run killed while
// recovering is recovered again). A file that differs from what the
// journal says was moved there, i.e. edited after the kill, is kept; its
// backup is then put beside it as "<name>.ban-cu<ext>". A backup is never
// deleted before it has been put back.
//
// Cancelling ctx before the commit starts makes Write undo everything and
// return ErrCanceled. Once the journal is written, cancellation is ignored:
// the commit (renames only) runs to its end or rolls back, so a caller that
// cancels on SIGINT, SIGTERM or SIGHUP must keep catching the signals until
// Write returns. Recovery of leftovers likewise ignores ctx.
//
// Files and the manifest are made 0644 (less the umask). Staged files, the
// manifest and the journal are synced before the commit and the folders
// after it, so a power cut is recovered like a kill.
package outdir

import (
	"context"
	"io"
	"runtime"
)

// File is one file to write.
type File struct {
	// Path is slash-separated and relative to the folder: "th-ket-doan/ke-hoach.pdf".
	Path string
	// Group names the files written together or not at all, a school's
	// documents say: with Options.KeepGoing, a file whose Write fails
	// drops its whole group, which is reported in Result.Failed, and the
	// run goes on. A file of no group ("") fails the run.
	Group string
	// Write produces the file's bytes. It is called once, possibly on
	// another goroutine than the other files', and should stop with
	// ctx.Err() when ctx is done.
	Write func(ctx context.Context, w io.Writer) error
	// WriteFrom, set instead of Write, makes the file from the files
	// staged by Write (an archive of them, a list of their hashes). It is
	// called once all of those are staged, and sees only those that will
	// be written: not the files of a failed group.
	WriteFrom func(ctx context.Context, w io.Writer, staged *Stage) error
}

// Stage is what a WriteFrom sees: the files staged for the commit.
type Stage struct {
	files []Staged
	open  func(path string) (io.ReadCloser, error)
}

// Staged is a file staged for the commit.
type Staged struct {
	Path, Group string
	Size        int64
	SHA256      string // hex
}

// Files lists the staged files in the order they were given to Write.
func (s *Stage) Files() []Staged { return s.files }

// Open reads a staged file.
func (s *Stage) Open(path string) (io.ReadCloser, error) { return s.open(path) }

// Failure is a group of files not written, with the first error of one of
// its files.
type Failure struct {
	Group, Path string
	Err         error
}

// Options tune a Write. The zero value is ready to use.
type Options struct {
	// Force overwrites files edited since the last run, and files of
	// unknown provenance.
	Force bool
	// Jobs is how many files are rendered at once; 0 means GOMAXPROCS.
	Jobs int
	// KeepGoing writes the other files when one fails to be produced: its
	// group is left out and reported (see File.Group). Failures to write
	// to the disk still stop the run.
	KeepGoing bool
	// Progress, if set, is called after each file is rendered; calls are
	// serialized and done grows by one each time up to total.
	Progress func(done, total int)
	// Log, if set, receives notices for the user, in Vietnamese: a stale
	// lock taken over, leftovers of an interrupted run recovered, a missing
	// or unreadable manifest, a cleanup that failed after a successful run.
	Log func(msg string)
}

// Result reports what a successful Write did.
type Result struct {
	// Written is the number of files moved into place: all of them, but
	// those of Failed groups.
	Written int
	// Failed are the groups left out, with KeepGoing, in the order of
	// their first file.
	Failed []Failure
	// Recovered is the number of leftover staging folders of interrupted
	// runs that were rolled back, rolled forward or deleted.
	Recovered int
}

// Names of what Write keeps in the folder. Paths starting with ".kehoach"
// are reserved for them.
const (
	ManifestName = ".kehoach-manifest.json"
	LockName     = ".kehoach.lock"
	stagePrefix  = ".kehoach-stage-"
	reserved     = ".kehoach"
)

// Write writes files into dir (made if missing) as one transaction; see the
// package comment. Errors callers branch on are ErrEdited (as *EditedError),
// ErrLocked (as *LockedError), ErrCanceled, ErrDuplicate, ErrBadPath,
// ErrNotFile and ErrIncomplete; other errors are I/O failures, after which
// dir is as it was.
func Write(ctx context.Context, dir string, files []File, opt Options) (Result, error) {
	return run(ctx, &tx{fs: osFS{}, dir: dir, opt: opt}, files)
}

func (o Options) jobs() int {
	if o.Jobs > 0 {
		return o.Jobs
	}
	return runtime.GOMAXPROCS(0)
}
