package outdir

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
)

// tx is one run of Write.
type tx struct {
	fs  fileSystem
	dir string
	opt Options
	// hook, set by tests only, is called at each named step; see step.
	hook func(step string, n int)
	// made are the folders made for dir itself, outermost first.
	made []string
}

// step marks a point tests can stop or cancel at.
func (t *tx) step(name string, n int) {
	if t.hook != nil {
		t.hook(name, n)
	}
}

func (t *tx) logf(format string, args ...any) {
	if t.opt.Log != nil {
		t.opt.Log(fmt.Sprintf(format, args...))
	}
}

// target is where path p goes.
func (t *tx) target(p string) string {
	return filepath.Join(t.dir, filepath.FromSlash(p))
}

// kindError is an error with a message of its own that is also one of the
// sentinels.
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

func errorf(kind error, format string, args ...any) error {
	return &kindError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

func run(ctx context.Context, t *tx, files []File) (Result, error) {
	if ctx.Err() != nil {
		return Result{}, ErrCanceled
	}
	if err := checkPaths(files); err != nil {
		return Result{}, err
	}
	if err := t.makeDir(); err != nil {
		return Result{}, err
	}
	unlock, err := t.lock()
	if err != nil {
		t.removeMade()
		return Result{}, err
	}
	t.step("locked", 0)
	res, err := t.locked(ctx, files)
	unlock()
	if err != nil {
		t.removeMade()
		return Result{}, err
	}
	return res, nil
}

// locked is the part of a run that holds the lock.
func (t *tx) locked(ctx context.Context, files []File) (Result, error) {
	var res Result
	n, err := t.recover()
	if err != nil {
		return res, err
	}
	res.Recovered = n
	t.step("recovered", 0)
	if ctx.Err() != nil {
		return res, ErrCanceled
	}
	if err := t.checkInTheWay(files); err != nil {
		return res, err
	}

	// Files edited since they were recorded can be found before rendering;
	// files without a record only after, by comparing with the new content.
	// Either kind is an edit only if it differs from what would be written:
	// a file already holding the new content loses nothing.
	m, why, missing := t.readManifest()
	var edited, unrecorded []string
	found := map[string]stamp{} // what each target was when looked at
	for _, f := range files {
		st, ok := t.stampOf(f.Path)
		found[f.Path] = st
		if !ok {
			continue
		}
		if sum, ok := m[f.Path]; !ok {
			unrecorded = append(unrecorded, f.Path)
		} else if st.sum != sum {
			edited = append(edited, f.Path)
		}
	}
	if why != "" && (len(unrecorded) > 0 || !missing) {
		if t.opt.Force {
			t.logf("%s, nên không biết tệp nào đã được sửa; vẫn ghi đè theo yêu cầu", why)
		} else {
			t.logf("%s, nên không biết tệp nào đã được sửa: tệp nào đã có mà khác bản sắp viết sẽ được giữ nguyên như một tệp đã sửa", why)
		}
	}
	if ctx.Err() != nil {
		return res, ErrCanceled
	}

	stage, err := t.makeStage()
	if err != nil {
		return res, err
	}
	// The files that may be edits are rendered first, so that a run that
	// must refuse says so without rendering the rest; files made from the
	// others come last.
	suspect := map[string]bool{}
	for _, p := range append(append([]string(nil), edited...), unrecorded...) {
		suspect[p] = true
	}
	var first, rest, late []File
	for _, f := range files {
		switch {
		case f.WriteFrom != nil:
			late = append(late, f)
		case suspect[f.Path] && !t.opt.Force:
			first = append(first, f)
		default:
			rest = append(rest, f)
		}
	}
	out := &rendered{sums: map[string]string{}, sizes: map[string]int64{}, failed: map[string]Failure{}}
	err = t.render(ctx, stage, first, out, len(files), nil)
	if err == nil {
		if lost := t.changed(first, found, out.sums); len(lost) > 0 {
			err = t.edited(lost)
		}
	}
	if err == nil {
		err = t.render(ctx, stage, rest, out, len(files), nil)
	}
	if err == nil && len(late) > 0 {
		st := &Stage{open: func(p string) (io.ReadCloser, error) {
			return t.fs.Open(filepath.Join(stage, "new", filepath.FromSlash(p)))
		}}
		for _, f := range files {
			if sum, ok := out.sums[f.Path]; ok && f.WriteFrom == nil && !out.dropped(f.Group) {
				st.files = append(st.files, Staged{Path: f.Path, Group: f.Group, Size: out.sizes[f.Path], SHA256: sum})
			}
		}
		err = t.render(ctx, stage, late, out, len(files), st)
		if err == nil && !t.opt.Force {
			// A file made from the others is an edit to keep like any
			// other: a manifest.csv annotated in Excel, say.
			var maybe []File
			for _, f := range late {
				if suspect[f.Path] {
					maybe = append(maybe, f)
				}
			}
			if lost := t.changed(maybe, found, out.sums); len(lost) > 0 {
				err = t.edited(lost)
			}
		}
	}
	if err == nil && t.fs.BatchSync() {
		if serr := t.fs.SyncAll(stage); serr != nil {
			err = fmt.Errorf("không ghi được vào %s: %w", t.dir, sys(serr))
		}
	}
	sums := out.sums
	if err == nil {
		// A failed group is left out whole: what it staged is not moved.
		for _, f := range files {
			if out.dropped(f.Group) {
				delete(sums, f.Path)
			}
		}
		for _, f := range files {
			if fl, ok := out.failed[f.Group]; ok && fl.Path == f.Path {
				res.Failed = append(res.Failed, fl)
			}
		}
		t.step("rendered", 0)
		// A person may have saved a file while the run rendered: look
		// again, just before the commit, at every file it replaces.
		if lost := t.changedSince(files, found, sums); len(lost) > 0 && !t.opt.Force {
			err = t.edited(lost)
		}
	}
	if err == nil && ctx.Err() != nil {
		err = ErrCanceled
	}
	var j *journal
	if err == nil {
		j, err = t.stageManifest(stage, m, sums)
	}
	if err == nil && ctx.Err() != nil {
		err = ErrCanceled
	}
	if err != nil {
		t.discard(stage)
		return res, err
	}
	// From here on ctx is not looked at: the commit runs to its end or
	// rolls back.
	if err := t.commit(stage, j); err != nil {
		return res, err
	}
	res.Written = len(sums)
	return res, nil
}

// rendered is what the files rendered so far gave: the sha256 and size of
// each file staged, and the groups that failed (with KeepGoing).
type rendered struct {
	mu     sync.Mutex
	sums   map[string]string
	sizes  map[string]int64
	failed map[string]Failure // by group
	done   int
}

func (r *rendered) dropped(group string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.failed[group]
	return ok && group != ""
}

// stamp is what a target was when looked at: its size, time and content,
// or absent.
type stamp struct {
	exists bool
	size   int64
	mod    int64
	sum    string
}

func (t *tx) stampOf(p string) (stamp, bool) {
	fi, err := t.fs.Lstat(t.target(p))
	if err != nil {
		return stamp{}, false
	}
	return stamp{exists: true, size: fi.Size(), mod: fi.ModTime().UnixNano(), sum: t.sumFile(t.target(p))}, true
}

// changed lists the files whose content, as found, differs from what was
// rendered for them: writing them would lose what they hold.
func (t *tx) changed(files []File, found map[string]stamp, sums map[string]string) []string {
	var out []string
	for _, f := range files {
		sum, staged := sums[f.Path]
		if st := found[f.Path]; staged && st.exists && st.sum != sum {
			out = append(out, f.Path)
		}
	}
	return out
}

// changedSince lists the files that changed after they were looked at (a
// person saved one while the run rendered) and differ from what was
// rendered for them: a file that appeared, or whose size or time moved.
func (t *tx) changedSince(files []File, found map[string]stamp, sums map[string]string) []string {
	var out []string
	for _, f := range files {
		if _, staged := sums[f.Path]; !staged {
			continue // not written this run
		}
		was := found[f.Path]
		fi, err := t.fs.Lstat(t.target(f.Path))
		now := err == nil
		if now == was.exists && (!now || fi.Size() == was.size && fi.ModTime().UnixNano() == was.mod) {
			continue
		}
		if now && t.sumFile(t.target(f.Path)) == sums[f.Path] {
			continue // saved with what the run writes anyway
		}
		if now {
			out = append(out, f.Path)
		}
	}
	return out
}

func (t *tx) edited(paths []string) error {
	sort.Strings(paths)
	return &EditedError{Dir: t.dir, Paths: paths}
}

// checkPaths refuses paths that cannot be written as asked.
func checkPaths(files []File) error {
	seen := make(map[string]string, len(files))
	for _, f := range files {
		p := f.Path
		if !fs.ValidPath(p) || p == "." || strings.ContainsAny(p, `\:`) {
			return errorf(ErrBadPath, "đường dẫn tệp %q không hợp lệ: cần một đường dẫn tương đối, các phần cách nhau bởi /, không có . hay ..", p)
		}
		first, _, _ := strings.Cut(p, "/")
		if strings.HasPrefix(strings.ToLower(first), reserved) {
			return errorf(ErrBadPath, "đường dẫn tệp %q không dùng được: tên bắt đầu bằng %s dành cho kehoach", p, reserved)
		}
		if (f.Write == nil) == (f.WriteFrom == nil) {
			return errorf(ErrBadPath, "tệp %s cần đúng một cách viết (Write hoặc WriteFrom)", p)
		}
		key := strings.ToLower(p)
		if q, ok := seen[key]; ok {
			return errorf(ErrDuplicate, "hai tệp cùng ghi vào %s (%s và %s); hãy đặt tên tệp khác nhau", p, q, p)
		}
		seen[key] = p
	}
	for _, f := range files {
		for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
			if q, ok := seen[strings.ToLower(d)]; ok {
				return errorf(ErrBadPath, "%s vừa là một tệp vừa là thư mục chứa %s; hãy đặt tên khác nhau", q, f.Path)
			}
		}
	}
	return nil
}

// checkInTheWay reports a folder where a file goes, or a file where a
// folder goes; neither is touched.
func (t *tx) checkInTheWay(files []File) error {
	for _, f := range files {
		dst := t.target(f.Path)
		if fi, err := t.fs.Lstat(dst); err == nil && fi.IsDir() {
			return errorf(ErrNotFile, "%s là một thư mục, không phải tệp; hãy đổi tên hoặc chuyển nó đi rồi chạy lại", dst)
		}
		for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
			if fi, err := t.fs.Stat(t.target(d)); err == nil && !fi.IsDir() {
				return errorf(ErrNotFile, "%s là một tệp, không phải thư mục, nên không ghi được %s; hãy đổi tên hoặc chuyển nó đi rồi chạy lại", t.target(d), dst)
			}
		}
	}
	return nil
}

// makeDir makes the folder, remembering which folders it made.
func (t *tx) makeDir() error {
	var missing []string
	for d := filepath.Clean(t.dir); filepath.Dir(d) != d; d = filepath.Dir(d) {
		if _, err := t.fs.Lstat(d); err == nil {
			break
		}
		missing = append(missing, d)
	}
	for i := len(missing) - 1; i >= 0; i-- {
		t.made = append(t.made, missing[i])
	}
	if err := t.fs.MkdirAll(t.dir); err != nil {
		t.removeMade()
		return fmt.Errorf("không tạo được thư mục %s: %w", t.dir, sys(err))
	}
	return nil
}

// removeMade removes the folders makeDir made, if they are empty.
func (t *tx) removeMade() {
	for i := len(t.made) - 1; i >= 0; i-- {
		if err := t.removeEmptyDir(t.made[i]); err != nil {
			t.logf("không xóa được thư mục %s: %v", t.made[i], err)
		}
	}
	t.made = nil
}

// removeEmptyDir removes a folder unless it has something in it.
func (t *tx) removeEmptyDir(dir string) error {
	if _, err := t.fs.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil // never made, or gone already
	}
	err := t.fs.Remove(dir)
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if ents, rerr := t.fs.ReadDir(dir); rerr == nil && len(ents) > 0 {
		return nil
	}
	return err
}

// makeStage makes a new staging folder in dir.
func (t *tx) makeStage() (string, error) {
	for {
		stage := filepath.Join(t.dir, fmt.Sprintf("%s%08x", stagePrefix, rand.Uint32()))
		err := t.fs.Mkdir(stage)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("không ghi được vào %s: %w", t.dir, sys(err))
		}
		return stage, nil
	}
}

// discard deletes a staging folder that nothing was moved out of.
func (t *tx) discard(stage string) {
	if err := t.fs.RemoveAll(stage); err != nil {
		t.logf("không xóa được thư mục tạm %s (%v); lần chạy sau sẽ xóa nó", stage, err)
	}
}

// render writes files into stage/new, opt.Jobs at a time, noting in out
// the sha256 and size of each. With KeepGoing, a file whose producer
// fails (not the disk) fails its group, and the others go on; a file of a
// group that failed already is not rendered.
func (t *tx) render(ctx context.Context, stage string, files []File, out *rendered, total int, st *Stage) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(t.opt.jobs())
	for _, f := range files {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			var (
				sum  string
				size int64
				err  error
			)
			if !out.dropped(f.Group) {
				sum, size, err = t.renderOne(gctx, stage, f, st)
			}
			var pe *producerError
			if err != nil && !(t.opt.KeepGoing && f.Group != "" && errors.As(err, &pe) && gctx.Err() == nil) {
				return err
			}
			out.mu.Lock()
			defer out.mu.Unlock()
			switch {
			case err != nil:
				if _, ok := out.failed[f.Group]; !ok {
					out.failed[f.Group] = Failure{Group: f.Group, Path: f.Path, Err: pe.err}
				}
			case sum != "":
				out.sums[f.Path], out.sizes[f.Path] = sum, size
			}
			out.done++
			if t.opt.Progress != nil {
				t.opt.Progress(out.done, total)
			}
			t.step("render", out.done)
			return nil
		})
	}
	err := g.Wait()
	if ctx.Err() != nil {
		return ErrCanceled
	}
	return err
}

// producerError is a file's producer failing, not the disk.
type producerError struct {
	path string
	err  error
}

func (e *producerError) Error() string {
	return "không viết được " + e.path + ": " + e.err.Error()
}
func (e *producerError) Unwrap() error { return e.err }

// renderOne writes one file into stage/new, hashing and counting what it
// writes.
func (t *tx) renderOne(ctx context.Context, stage string, f File, st *Stage) (string, int64, error) {
	name := filepath.Join(stage, "new", filepath.FromSlash(f.Path))
	if err := t.fs.MkdirAll(filepath.Dir(name)); err != nil {
		return "", 0, fmt.Errorf("không viết được %s: %w", f.Path, sys(err))
	}
	w, err := t.fs.Create(name)
	if err != nil {
		return "", 0, fmt.Errorf("không viết được %s: %w", f.Path, sys(err))
	}
	h := sha256.New()
	disk := &countingWriter{w: w}
	bw := bufio.NewWriterSize(io.MultiWriter(disk, h), 64<<10)
	err = write(ctx, f, bw, st)
	if err != nil && disk.err == nil && ctx.Err() == nil {
		w.Close()
		return "", 0, &producerError{f.Path, err}
	}
	if err == nil {
		err = bw.Flush()
	}
	if err == nil && !t.fs.BatchSync() {
		err = w.Sync()
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if ctx.Err() != nil {
			return "", 0, ctx.Err()
		}
		return "", 0, fmt.Errorf("không viết được %s: %w", f.Path, sys(err))
	}
	return hex.EncodeToString(h.Sum(nil)), disk.n, nil
}

// countingWriter counts what reaches the disk and keeps its first error,
// which tells a disk failing from a producer failing.
type countingWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// write runs f.Write, turning a panic into an error, so that a bug in one
// file's producer fails the run cleanly (stage removed, lock released)
// instead of killing the process mid-run.
func write(ctx context.Context, f File, w io.Writer, st *Stage) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("lỗi chương trình khi viết %s (hãy báo cho người phát triển): %v", f.Path, p)
		}
	}()
	if f.WriteFrom != nil {
		return f.WriteFrom(ctx, w, st)
	}
	return f.Write(ctx, w)
}

// stageManifest writes the new manifest into stage/new and plans the
// commit: the files in path order, the manifest last.
func (t *tx) stageManifest(stage string, m manifest, sums map[string]string) (*journal, error) {
	j := &journal{Version: 1}
	dirs := map[string]bool{}
	for p, sum := range sums {
		m[p] = sum
		j.Entries = append(j.Entries, entry{Path: p, Sum: sum})
		for d := path.Dir(p); d != "." && !dirs[d]; d = path.Dir(d) {
			if _, err := t.fs.Lstat(t.target(d)); err == nil {
				break
			}
			dirs[d] = true
		}
	}
	sort.Slice(j.Entries, func(a, b int) bool { return j.Entries[a].Path < j.Entries[b].Path })
	for d := range dirs {
		j.Dirs = append(j.Dirs, d)
	}
	sort.Strings(j.Dirs) // a folder sorts before the folders in it

	b := m.encode()
	if err := t.writeNew(filepath.Join(stage, "new", ManifestName), b); err != nil {
		return nil, fmt.Errorf("không ghi được sổ ghi %s: %w", filepath.Join(t.dir, ManifestName), sys(err))
	}
	sum := sha256.Sum256(b)
	j.Entries = append(j.Entries, entry{Path: ManifestName, Sum: hex.EncodeToString(sum[:])})
	return j, nil
}
