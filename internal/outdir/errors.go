package outdir

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// The texts of these errors are shown to the user as they are, so they are
// in Vietnamese and carry no package prefix.
var (
	// ErrEdited means files would have overwritten a person's edits (or
	// files of unknown provenance); nothing was written. The error is an
	// *EditedError.
	ErrEdited = errors.New("có tệp đã được sửa sau lần viết trước")
	// ErrLocked means another run is writing into the folder. The error is
	// a *LockedError.
	ErrLocked = errors.New("một lần chạy khác đang ghi vào thư mục")
	// ErrCanceled means ctx was done before the commit; nothing was written.
	ErrCanceled = errors.New("đã dừng theo yêu cầu")
	// ErrDuplicate means two files have the same path (ignoring case).
	ErrDuplicate = errors.New("hai tệp cùng một đường dẫn")
	// ErrBadPath means a path is not a clean relative slash path, is
	// reserved, or is both a file and a folder of another path.
	ErrBadPath = errors.New("đường dẫn tệp không hợp lệ")
	// ErrNotFile means a folder stands where a file goes, or a file where a
	// folder goes. It is reported, never removed.
	ErrNotFile = errors.New("thư mục và tệp trùng tên")
	// ErrIncomplete means a failed run could not undo all it did; the
	// staging folder and its journal are kept, and the next run finishes
	// putting the folder back.
	ErrIncomplete = errors.New("chưa trả lại được thư mục như cũ")
)

// EditedError lists the files that were not overwritten.
type EditedError struct {
	// Dir is the folder written into.
	Dir string
	// Paths are the edited files, slash-separated relative to Dir, sorted.
	Paths []string
}

func (e *EditedError) Error() string {
	list := make([]string, len(e.Paths))
	for i, p := range e.Paths {
		list[i] = filepath.Join(e.Dir, filepath.FromSlash(p))
	}
	return fmt.Sprintf("%v (hoặc không rõ do ai viết), nên không ghi đè:\n  %s", ErrEdited, strings.Join(list, "\n  "))
}

// Unwrap returns ErrEdited.
func (e *EditedError) Unwrap() error { return ErrEdited }

// LockedError says who holds the lock.
type LockedError struct {
	// Dir is the folder written into; Lock is the lock file.
	Dir, Lock string
	// PID and Host name the process holding the lock, as far as the lock
	// file tells; Host is empty when it is this host or unknown.
	PID  int
	Host string
}

func (e *LockedError) Error() string {
	who := ""
	switch {
	case e.Host != "":
		who = fmt.Sprintf(" (tiến trình %d trên máy %s)", e.PID, e.Host)
	case e.PID > 0:
		who = fmt.Sprintf(" (tiến trình %d)", e.PID)
	}
	return fmt.Sprintf("một lần chạy khác đang ghi vào %s%s; hãy đợi nó xong (nếu không có lần chạy nào khác, hãy xóa tệp %s)", e.Dir, who, e.Lock)
}

// Unwrap returns ErrLocked.
func (e *LockedError) Unwrap() error { return ErrLocked }
