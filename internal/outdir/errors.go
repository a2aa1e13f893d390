package outdir

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
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

// sysError is an error of the operating system, said in Vietnamese where
// the cause is a common one; it unwraps to the original.
type sysError struct {
	err error
	msg string
}

func (e *sysError) Error() string { return e.msg }
func (e *sysError) Unwrap() error { return e.err }

// sys says what went wrong in terms a user acts on: a full disk, a
// read-only disk, a missing permission, a file open elsewhere.
func sys(err error) error {
	if err == nil {
		return nil
	}
	var why string
	switch {
	case errors.Is(err, syscall.ENOSPC):
		why = "ổ đĩa đã đầy; hãy dọn bớt hoặc ghi vào ổ khác (--out)"
	case errors.Is(err, syscall.EDQUOT):
		why = "đã hết hạn mức dung lượng được dùng; hãy dọn bớt hoặc ghi vào ổ khác (--out)"
	case errors.Is(err, syscall.EROFS):
		why = "ổ đĩa chỉ cho đọc; hãy ghi vào thư mục khác (--out)"
	case errors.Is(err, fs.ErrPermission):
		why = "không có quyền ghi (hoặc tệp đang được mở trong chương trình khác); hãy kiểm tra quyền, đóng tệp rồi chạy lại"
	case errors.Is(err, syscall.EBUSY):
		why = "tệp hoặc thư mục đang được dùng; hãy đóng chương trình đang mở nó rồi chạy lại"
	case errors.Is(err, syscall.ENAMETOOLONG):
		why = "tên tệp hoặc đường dẫn quá dài; hãy ghi vào thư mục có đường dẫn ngắn hơn (--out)"
	case errors.Is(err, syscall.EXDEV):
		why = "thư mục trải trên hai ổ đĩa khác nhau (một thư mục con là một ổ gắn riêng); hãy ghi vào thư mục nằm trọn trên một ổ"
	case errors.Is(err, fs.ErrExist):
		why = "đã có tệp hoặc thư mục cùng tên (có thể là một liên kết hỏng); hãy kiểm tra đường dẫn"
	default:
		return err
	}
	return &sysError{err: err, msg: why}
}
