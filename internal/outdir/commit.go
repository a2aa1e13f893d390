package outdir

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// journal is what a commit is about to do, written to stage/journal.json
// before the first file is moved, so that a later run can undo it.
type journal struct {
	Version int `json:"version"`
	// Dirs are the folders the commit makes, slash paths, a folder before
	// the folders in it.
	Dirs []string `json:"dirs"`
	// Entries are moved in this order; the manifest is the last.
	Entries []entry `json:"entries"`
}

// entry is one file to move from stage/new/Path to Path, the file there
// before going to stage/old/Path. Sum is the sha256 of the new file, so a
// recovery can tell it from a file a person put there since.
type entry struct {
	Path string `json:"path"`
	Sum  string `json:"sha256"`
}

const journalName = "journal.json"

// parseJournal reads a journal, refusing anything that would move files
// outside the folder.
func parseJournal(b []byte) (*journal, error) {
	var j journal
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, err
	}
	if j.Version != 1 {
		return nil, fmt.Errorf("phiên bản %d không biết", j.Version)
	}
	valid := func(p string) bool {
		first, _, _ := strings.Cut(p, "/")
		return fs.ValidPath(p) && p != "." && !strings.ContainsAny(p, `\:`) &&
			(p == ManifestName || !strings.HasPrefix(strings.ToLower(first), reserved))
	}
	for _, d := range j.Dirs {
		if !valid(d) || d == ManifestName {
			return nil, fmt.Errorf("thư mục %q không hợp lệ", d)
		}
	}
	seen := map[string]bool{}
	for _, e := range j.Entries {
		if !valid(e.Path) || seen[e.Path] || !isSum(e.Sum) {
			return nil, fmt.Errorf("mục %q không hợp lệ", e.Path)
		}
		seen[e.Path] = true
	}
	return &j, nil
}

// Where an entry's files are.
func (t *tx) newPath(stage string, e entry) string {
	return filepath.Join(stage, "new", filepath.FromSlash(e.Path))
}

func (t *tx) oldPath(stage string, e entry) string {
	return filepath.Join(stage, "old", filepath.FromSlash(e.Path))
}

func (t *tx) exists(name string) bool {
	_, err := t.fs.Lstat(name)
	return err == nil
}

// commit moves the staged files into place as j says. On failure it rolls
// back; if that fails too the error is ErrIncomplete and the stage is kept
// for the next run to recover. Either way the stage is dealt with.
func (t *tx) commit(stage string, j *journal) error {
	jpath := filepath.Join(stage, journalName)
	b, _ := json.MarshalIndent(j, "", "  ") // plain strings always encode
	err := t.writeNew(jpath+".tmp", append(b, '\n'))
	if err == nil {
		err = t.fs.Rename(jpath+".tmp", jpath)
	}
	if err != nil {
		t.discard(stage)
		return fmt.Errorf("không ghi được vào %s: %w", t.dir, sys(err))
	}
	t.fs.SyncDir(stage)
	t.step("journal", 0)

	fail := func(err error) error {
		if uerr := t.rollBack(stage, j); uerr != nil {
			return errorf(ErrIncomplete, "%v; rồi không trả lại được mọi tệp như cũ (%v): lần chạy sau sẽ làm tiếp việc này", err, uerr)
		}
		return err
	}
	for _, d := range j.Dirs {
		if err := t.fs.Mkdir(t.target(d)); err != nil && !errors.Is(err, fs.ErrExist) {
			return fail(fmt.Errorf("không tạo được thư mục %s: %w", t.target(d), sys(err)))
		}
	}
	for i, e := range j.Entries {
		dst, src, bak := t.target(e.Path), t.newPath(stage, e), t.oldPath(stage, e)
		if fi, err := t.fs.Lstat(dst); err == nil {
			if fi.IsDir() {
				return fail(errorf(ErrNotFile, "%s là một thư mục, không phải tệp; hãy đổi tên hoặc chuyển nó đi rồi chạy lại", dst))
			}
			err := t.fs.MkdirAll(filepath.Dir(bak))
			if err == nil {
				err = t.fs.Rename(dst, bak)
			}
			if err != nil {
				return fail(fmt.Errorf("không thay được %s: %w", dst, sys(err)))
			}
			t.step("backup", i+1)
		}
		if err := t.fs.Rename(src, dst); err != nil {
			return fail(fmt.Errorf("không ghi được %s: %w", dst, sys(err)))
		}
		t.step("move", i+1)
	}
	t.syncDirs(j)
	t.step("moved", 0)
	if err := t.fs.Remove(jpath); err != nil {
		return fail(fmt.Errorf("không ghi được vào %s: %w", stage, sys(err)))
	}
	t.fs.SyncDir(stage)
	t.step("committed", 0)
	t.discard(stage)
	return nil
}

// syncDirs makes the moves durable.
func (t *tx) syncDirs(j *journal) {
	if t.fs.BatchSync() {
		// One sync of the file system instead of one per folder: a city
		// has thousands of schools. A failure here is no worse than a
		// folder sync that cannot be done, which SyncDir ignores too.
		_ = t.fs.SyncAll(t.dir)
		return
	}
	seen := map[string]bool{}
	for _, e := range j.Entries {
		d := path.Dir(e.Path)
		if !seen[d] {
			seen[d] = true
			t.fs.SyncDir(t.target(d))
		}
	}
}

// rollBack undoes a commit, from the last entry to the first, removes the
// folders it made and deletes the stage. Every step is a rename or a
// removal of what the commit made, so a rollback that stops half way can
// be run again. A backup is put back before its stage is deleted.
func (t *tx) rollBack(stage string, j *journal) error {
	var errs []error
	for i := len(j.Entries) - 1; i >= 0; i-- {
		if err := t.undo(stage, j.Entries[i]); err != nil {
			errs = append(errs, err)
		}
		t.step("undo", len(j.Entries)-i)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	for i := len(j.Dirs) - 1; i >= 0; i-- {
		if err := t.removeEmptyDir(t.target(j.Dirs[i])); err != nil {
			return fmt.Errorf("không xóa được thư mục %s: %w", t.target(j.Dirs[i]), sys(err))
		}
	}
	t.fs.SyncDir(t.dir)
	if err := t.fs.Remove(filepath.Join(stage, journalName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("không xóa được %s: %w", filepath.Join(stage, journalName), sys(err))
	}
	t.discard(stage)
	return nil
}

// undo puts back one entry: the new file returns to the stage, then the
// backup to its place. A file in its place that is not the one moved there
// was put there by a person after the run stopped: it is kept, and the
// backup goes beside it.
func (t *tx) undo(stage string, e entry) error {
	dst, src, bak := t.target(e.Path), t.newPath(stage, e), t.oldPath(stage, e)
	if !t.exists(src) && t.exists(dst) {
		if t.sumFile(dst) == e.Sum {
			err := t.fs.Rename(dst, src)
			if errors.Is(err, fs.ErrNotExist) {
				if err = t.fs.MkdirAll(filepath.Dir(src)); err == nil {
					err = t.fs.Rename(dst, src)
				}
			}
			if err != nil {
				return fmt.Errorf("không trả lại được %s: %w", dst, sys(err))
			}
		} else if !t.exists(bak) {
			t.logf("%s đã được sửa sau khi lần chạy trước bị ngắt, nên được giữ nguyên", dst)
		}
	}
	if !t.exists(bak) {
		return nil
	}
	if !t.exists(dst) {
		if err := t.fs.Rename(bak, dst); err != nil {
			return fmt.Errorf("không trả lại được %s: %w", dst, sys(err))
		}
		return nil
	}
	aside := t.beside(dst)
	if err := t.fs.Rename(bak, aside); err != nil {
		return fmt.Errorf("không trả lại được %s: %w", dst, sys(err))
	}
	t.logf("%s đã được sửa sau khi lần chạy trước bị ngắt, nên được giữ nguyên; bản có trước lần chạy ấy được cất ở %s", dst, aside)
	return nil
}

// beside is a free name next to name for an earlier version of it:
// ke-hoach.docx → ke-hoach.ban-cu.docx, ke-hoach.ban-cu-2.docx, ...
func (t *tx) beside(name string) string {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 1; ; i++ {
		n := stem + ".ban-cu" + ext
		if i > 1 {
			n = stem + ".ban-cu-" + strconv.Itoa(i) + ext
		}
		if !t.exists(n) {
			return n
		}
	}
}

// Leftovers of earlier versions of kehoach: their staging folder, with the
// backups in .cu, and their manifest's temporary file.
var (
	legacyStage    = regexp.MustCompile(`^\.kehoach-[0-9]+$`)
	legacyManifest = regexp.MustCompile(`^\.kehoach-manifest\.json\.[0-9]+$`)
)

// recover deals with what interrupted runs left in the folder and returns
// how many staging folders it dealt with. It is called holding the lock.
func (t *tx) recover() (int, error) {
	ents, err := t.fs.ReadDir(t.dir)
	if err != nil {
		return 0, fmt.Errorf("không đọc được thư mục %s: %w", t.dir, sys(err))
	}
	n := 0
	for _, de := range ents {
		name := filepath.Join(t.dir, de.Name())
		switch {
		case strings.HasPrefix(de.Name(), stagePrefix) && de.IsDir():
			if err := t.recoverStage(name); err != nil {
				return n, err
			}
			n++
		case legacyStage.MatchString(de.Name()) && de.IsDir():
			if cu := filepath.Join(name, ".cu"); t.exists(cu) {
				t.logf("thư mục %s do một phiên bản kehoach cũ bỏ lại khi bị ngắt, có thể còn giữ bản cũ của vài tệp (trong %s); hãy xem, cất những gì cần rồi xóa nó", name, cu)
				continue
			}
			if err := t.fs.RemoveAll(name); err != nil {
				return n, fmt.Errorf("không xóa được thư mục tạm %s: %w", name, sys(err))
			}
			t.logf("đã xóa thư mục tạm %s do một lần chạy bị ngắt bỏ lại", name)
			n++
		case legacyManifest.MatchString(de.Name()) && !de.IsDir(),
			strings.HasPrefix(de.Name(), LockName+".") && !de.IsDir():
			// Temporary files of a manifest or a lock: no run needs them
			// while this one holds the lock.
			t.fs.Remove(name)
		}
	}
	return n, nil
}

// recoverStage rolls a leftover stage forward or back.
func (t *tx) recoverStage(stage string) error {
	jpath := filepath.Join(stage, journalName)
	b, err := t.fs.ReadFile(jpath)
	if errors.Is(err, fs.ErrNotExist) {
		// Killed before the commit started, or after its end: nothing
		// in the folder depends on the stage.
		if err := t.fs.RemoveAll(stage); err != nil {
			return fmt.Errorf("không xóa được thư mục tạm %s: %w", stage, sys(err))
		}
		t.logf("đã xóa thư mục tạm %s do một lần chạy bị ngắt bỏ lại", stage)
		return nil
	}
	if err != nil {
		return fmt.Errorf("không đọc được %s: %w", jpath, sys(err))
	}
	j, err := parseJournal(b)
	if err != nil {
		return errorf(ErrIncomplete, "không đọc được nhật ký %s (%v) của một lần chạy bị ngắt; thư mục %s có thể còn giữ bản cũ của vài tệp (trong old): hãy xem, cất những gì cần rồi xóa nó", jpath, err, stage)
	}
	moved := true
	for _, e := range j.Entries {
		if t.exists(t.newPath(stage, e)) {
			moved = false
			break
		}
	}
	if moved {
		if err := t.fs.Remove(jpath); err != nil {
			return fmt.Errorf("không dọn được thư mục tạm %s: %w", stage, sys(err))
		}
		t.discard(stage)
		t.logf("lần chạy trước bị ngắt ngay sau khi đã chuyển xong mọi tệp vào %s; đã dọn thư mục tạm của nó", t.dir)
		return nil
	}
	if err := t.rollBack(stage, j); err != nil {
		return errorf(ErrIncomplete, "lần chạy trước bị ngắt giữa chừng khi đang chuyển tệp vào %s, và chưa trả lại được mọi tệp như cũ: %v", t.dir, err)
	}
	t.logf("lần chạy trước bị ngắt giữa chừng khi đang chuyển tệp vào %s; đã trả lại các tệp như trước lần chạy ấy", t.dir)
	return nil
}
