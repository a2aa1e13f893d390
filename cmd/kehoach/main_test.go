package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"kehoach/internal/outdir"
)

// TestMain lets the tests run the command as a process of its own (to
// send it signals): the test binary re-executed with KEHOACH_MAIN=1 is
// kehoach.
func TestMain(m *testing.M) {
	if os.Getenv("KEHOACH_MAIN") == "1" {
		os.Exit(NewMain(os.Stdout, os.Stderr).Run(os.Args[1:]))
	}
	os.Exit(m.Run())
}

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = NewMain(&out, &errb).Run(args)
	return code, out.String(), errb.String()
}

func nonEmpty(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// The first acceptance check, through the command itself.
func TestGenerateDistrictText(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := run(t, "generate", "--doc", "district", "--format", "txt", "--out", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "Đã viết 1 tệp") {
		t.Errorf("summary: got %q", stdout)
	}
	got, err := os.ReadFile(filepath.Join(dir, "phong", "ke-hoach.txt"))
	if err != nil {
		t.Fatal(err)
	}
	seed, err := os.ReadFile("../../testdata/ke-hoach-2025-phong-gddt-quan-1.txt")
	if err != nil {
		t.Fatal(err)
	}
	g, w := nonEmpty(string(got)), nonEmpty(string(seed))
	if len(g) < 6 || strings.Join(g[6:], "\n") != strings.Join(w, "\n") {
		t.Errorf("out/phong/ke-hoach.txt is not the seed below its header")
	}
	if entries := folders(t, dir); len(entries) != 1 {
		t.Errorf("got folders %v in the output folder, want only phong/", entries)
	}
}

// folders lists the folders in dir, failing on a staging folder left behind.
func folders(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".kehoach-") && e.IsDir() {
			t.Errorf("staging folder %s left behind", e.Name())
		}
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestGenerateEverything(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := run(t, "generate", "--format", "txt,docx,pdf", "--out", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"phong/ke-hoach.txt", "phong/ke-hoach.docx", "th-nguyen-binh-khiem/ke-hoach.txt", "th-nguyen-binh-khiem/bao-cao-6-thang.docx", "thcs-van-lang/bao-cao-nam.txt", "mn-ben-nghe/ke-hoach.docx", "th-ket-doan/bao-cao-nam.pdf"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: missing or empty (%v)", f, err)
		}
	}
	if entries := folders(t, dir); len(entries) != 43 {
		t.Errorf("got %d folders, want 42 schools and phong", len(entries))
	}
}

func TestGenerateSelectedSchoolsAndDocs(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := run(t, "generate", "--school", "th-ket-doan", "--school", "mn-tuoi-tho,thcs-minh-duc", "--doc", "plan,report-year", "--format", "txt", "--out", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []string
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && fi.Name() != outdir.ManifestName {
			rel, _ := filepath.Rel(dir, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return nil
	})
	want := "mn-tuoi-tho/bao-cao-nam.txt mn-tuoi-tho/ke-hoach.txt th-ket-doan/bao-cao-nam.txt th-ket-doan/ke-hoach.txt thcs-minh-duc/bao-cao-nam.txt thcs-minh-duc/ke-hoach.txt"
	if strings.Join(got, " ") != want {
		t.Errorf("got files %v, want %s", got, want)
	}
}

func TestExitCodes(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(bad, []byte("[[truong]]\nid = \"x\"\nten = 3\n"), 0o644)
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{nil, exitUsage, "Cách dùng"},
		{[]string{"taoviec"}, exitUsage, `không có lệnh "taoviec"`},
		{[]string{"generate", "--khong-co"}, exitUsage, "không có tùy chọn --khong-co"},
		{[]string{"generate", "--sample", "2027"}, exitUsage, `kehoach: không có dữ liệu mẫu "2027"; dùng 2025 hoặc 2026`},
		{[]string{"check", "--sample", "2027"}, exitUsage, `không có dữ liệu mẫu "2027"`},
		{[]string{"generate", "--jobs", "abc"}, exitUsage, `giá trị "abc" của --jobs không đúng`},
		{[]string{"generate", "--schools"}, exitUsage, "tùy chọn --schools cần một giá trị"},
		{[]string{"generate", "-q=maybe"}, exitUsage, "tùy chọn -q chỉ bật hoặc tắt"},
		{[]string{"generate", "--zip", "--school", "th-ket-doan"}, exitUsage, "--zip viết tat-ca.zip và manifest.csv cho mọi văn bản của mọi trường"},
		{[]string{"help", "taoviec"}, exitUsage, `không có lệnh "taoviec"`},
		{[]string{"generate", "--format", "odt"}, exitUsage, `không có định dạng "odt"`},
		{[]string{"generate", "--doc", "report-month"}, exitUsage, `không có văn bản "report-month"`},
		{[]string{"generate", "thua"}, exitUsage, `không hiểu "thua"`},
		{[]string{"generate", "--school", "th-khong-co"}, exitUsage, `không có trường với id "th-khong-co"`},
		{[]string{"generate", "--templates", "khong-co"}, exitInput, "không mở được mẫu khong-co"},
		{[]string{"generate", "--templates", "."}, exitInput, "thư mục . không có tệp van-ban.docx"},
		{[]string{"check", "--templates", "../../testdata/templates/van-ban-split.docx"}, exitOK, "mẫu Word: hợp lệ"},
		{[]string{"generate", "--templates", "khong-co", "--format", "pdf"}, exitInput, "không mở được mẫu khong-co"},
		{[]string{"generate", "--schools", bad}, exitInput, bad + ":3: truong[1].ten: giá trị là số nguyên"},
		{[]string{"check", "--schools", bad}, exitInput, bad + `:1: truong[1]: thiếu khóa "ten_viet_tat"`},
		{[]string{"check", "--plan", "khong-co.toml"}, exitInput, "không mở được tệp kế hoạch"},
		{[]string{"schools", "--khong-co", "x"}, exitUsage, "không có tùy chọn --khong-co"},
		{[]string{"schools", "--plan", "khong-co.toml"}, exitInput, "không mở được tệp kế hoạch"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit: got %d, want %d", code, tt.code)
			}
			if !strings.Contains(stdout+stderr, tt.msg) {
				t.Errorf("output lacks %q:\n%s%s", tt.msg, stdout, stderr)
			}
		})
	}
}

// Invalid input writes nothing, and leaves what the folder held untouched.
func TestInvalidInputWritesNothing(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	os.MkdirAll(filepath.Join(out, "phong"), 0o755)
	old := filepath.Join(out, "phong", "ke-hoach.txt")
	os.WriteFile(old, []byte("bản cũ"), 0o644)
	plan, _ := os.ReadFile("../../data/plan-2025.toml")
	bad := filepath.Join(dir, "plan.toml")
	os.WriteFile(bad, bytes.Replace(plan, []byte("{{ten_truong}} xây dựng"), []byte("{{ten_truong xây dựng"), 1), 0o644)
	code, _, stderr := run(t, "generate", "--plan", bad, "--out", out)
	if code != exitInput {
		t.Fatalf("exit: got %d, want %d", code, exitInput)
	}
	if !strings.Contains(stderr, "ke_hoach_truong.xay_dung: chỗ điền") || !strings.Contains(stderr, "chưa viết gì") {
		t.Errorf("stderr: %s", stderr)
	}
	if b, _ := os.ReadFile(old); string(b) != "bản cũ" {
		t.Errorf("the earlier file was changed")
	}
	if entries := folders(t, out); len(entries) != 1 {
		t.Errorf("got %v, want only the earlier phong/", entries)
	}
}

func TestCheckAndSchools(t *testing.T) {
	code, stdout, stderr := run(t, "check")
	if code != exitOK || len(nonEmpty(stdout)) != 2 || !strings.Contains(stdout, "hợp lệ, 42 trường") ||
		!strings.Contains(stdout, "Văn bản (--doc) của plan-2025.toml: issuer (kế hoạch của cơ quan ban hành), plan (kế hoạch của trường), report-6m (báo cáo 6 tháng đầu năm 2025), report-year (báo cáo năm 2025)") {
		t.Errorf("check: exit %d, %q", code, stdout)
	}
	if !strings.Contains(stderr, "cảnh báo: plan-2025.toml: kế hoạch chưa có số hoặc ngày") {
		t.Errorf("check: no warning about the missing number: %q", stderr)
	}
	code, stdout, _ = run(t, "schools")
	lines := nonEmpty(stdout)
	if code != exitOK || len(lines) != 42 || !strings.HasPrefix(lines[0], "mn-") || !strings.Contains(stdout, "th-nguyen-binh-khiem") {
		t.Errorf("schools: exit %d, %d lines", code, len(lines))
	}
}

// A file kehoach wrote and a person edited since is not overwritten,
// unless --force says so; files nobody touched are rewritten.
func TestEditedFilesAreKept(t *testing.T) {
	dir := t.TempDir()
	gen := func(extra ...string) (int, string) {
		code, _, stderr := run(t, append([]string{"generate", "--school", "th-ket-doan", "--format", "txt,docx", "--out", dir}, extra...)...)
		return code, stderr
	}
	if code, stderr := gen(); code != exitOK {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	edited := filepath.Join(dir, "th-ket-doan", "ke-hoach.docx")
	os.WriteFile(edited, []byte("bản đã sửa"), 0o644)
	untouched := filepath.Join(dir, "th-ket-doan", "ke-hoach.txt")
	os.Remove(untouched)
	code, stderr := gen()
	if code != exitInput || !strings.Contains(stderr, edited) || !strings.Contains(stderr, "--force") {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(edited); string(b) != "bản đã sửa" {
		t.Error("the edited file was overwritten")
	}
	if _, err := os.Stat(untouched); err == nil {
		t.Error("a refused run still wrote files")
	}
	if code, stderr := gen("--force"); code != exitOK {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(edited); string(b) == "bản đã sửa" {
		t.Error("--force did not overwrite")
	}
	if code, stderr := gen(); code != exitOK {
		t.Fatalf("run after --force: exit %d: %s", code, stderr)
	}
}

// Two documents that would be written to the same file are refused before
// anything is written.
func TestClashingFileNames(t *testing.T) {
	dir := t.TempDir()
	plan, _ := os.ReadFile("../../data/plan-2025.toml")
	bad := filepath.Join(dir, "plan.toml")
	os.WriteFile(bad, bytes.Replace(plan, []byte(`tep = "bao-cao-nam"`), []byte(`tep = "ke-hoach"`), 1), 0o644)
	code, _, stderr := run(t, "check", "--plan", bad)
	if code != exitInput || !strings.Contains(stderr, `bao_cao.ky[2].tep: tên tệp "ke-hoach" đã dùng cho văn bản khác`) {
		t.Errorf("check: exit %d: %s", code, stderr)
	}
}

// A folder where a file is to go is reported, and kept.
func TestFolderInTheWay(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "th-ket-doan", "ke-hoach.pdf")
	os.MkdirAll(in, 0o755)
	os.WriteFile(filepath.Join(in, "ghi-chu.txt"), []byte("x"), 0o644)
	code, _, stderr := run(t, "generate", "--school", "th-ket-doan", "--format", "pdf,pdf", "--out", dir)
	if code != exitInput || !strings.Contains(stderr, in+" là một thư mục") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(in, "ghi-chu.txt")); err != nil {
		t.Error("the folder in the way was removed")
	}
}

// Two runs never write into one folder at once.
func TestOneRunAtATime(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".kehoach.lock"), []byte("1"), 0o644)
	code, _, stderr := run(t, "generate", "--school", "th-ket-doan", "--out", dir)
	if code != exitInput || !strings.Contains(stderr, "một lần chạy khác đang ghi vào") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// "kehoach help generate" prints generate's options, in Vietnamese, on
// standard output.
func TestHelpCommand(t *testing.T) {
	for _, args := range [][]string{{"help", "generate"}, {"generate", "-h"}} {
		code, stdout, stderr := run(t, args...)
		help := stdout + stderr
		if code != exitOK {
			t.Errorf("%v: exit %d", args, code)
		}
		for _, want := range []string{"Cách dùng: kehoach generate", "--templates THƯ_MỤC|TỆP", "--out THƯ_MỤC", "--plan TỆP", "--school ID", "--format DS", "(mặc định: out)", "--force", "-q\n"} {
			if !strings.Contains(help, want) {
				t.Errorf("%v: help lacks %q:\n%s", args, want, help)
			}
		}
		if strings.Contains(help, "default") {
			t.Errorf("%v: help speaks English:\n%s", args, help)
		}
	}
	if _, stdout, _ := run(t, "help", "check"); !strings.Contains(stdout, "--placeholders") {
		t.Errorf("help check: %s", stdout)
	}
}

// check --placeholders lists every placeholder of the one table.
func TestCheckPlaceholders(t *testing.T) {
	code, stdout, _ := run(t, "check", "--placeholders")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"{{ten_truong}}", "{{han_bao_cao}}", "{{so_ke_hoach}}", "mẫu báo cáo"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

// A school whose id is the issuer's folder is refused by check.
func TestSchoolNamedLikeTheIssuersFolder(t *testing.T) {
	dir := t.TempDir()
	schools, _ := os.ReadFile("../../data/schools.toml")
	bad := filepath.Join(dir, "schools.toml")
	os.WriteFile(bad, bytes.Replace(schools, []byte(`id = "th-ket-doan"`), []byte(`id = "phong"`), 1), 0o644)
	code, _, stderr := run(t, "check", "--schools", bad)
	if code != exitInput || !strings.Contains(stderr, `.id: id "phong" trùng tên thư mục`) {
		t.Errorf("check: exit %d: %s", code, stderr)
	}
	code, _, stderr = run(t, "generate", "--schools", bad, "--school", "phong", "--out", filepath.Join(dir, "out"))
	if code != exitInput {
		t.Errorf("generate: exit %d: %s", code, stderr)
	}
}

// snapshot reads every file under dir, by relative path.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			b, _ := os.ReadFile(p)
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return out
}

// SIGTERM and SIGHUP stop a run as Ctrl-C does: the folder is left as it
// was, with no lock and no staging folder, and the next run works.
func TestSignalsLeaveTheFolderAsItWas(t *testing.T) {
	if testing.Short() {
		t.Skip("renders every school")
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			if code, _, stderr := run(t, "generate", "--school", "th-ket-doan", "--format", "txt", "--out", dir); code != exitOK {
				t.Fatalf("first run: %s", stderr)
			}
			before := snapshot(t, dir)
			cmd := exec.Command(os.Args[0], "generate", "--format", "docx,pdf", "--out", dir)
			cmd.Env = append(os.Environ(), "KEHOACH_MAIN=1")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Signal once rendering has begun: a staging folder exists.
			deadline := time.Now().Add(60 * time.Second)
			for !hasStage(dir) && time.Now().Before(deadline) {
				time.Sleep(2 * time.Millisecond)
			}
			cmd.Process.Signal(sig)
			err := cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != exitInput {
				t.Fatalf("exit %d (%v): %s", code, err, stderr.String())
			}
			if !strings.Contains(stderr.String(), "không thay đổi gì") {
				t.Errorf("stderr: %s", stderr.String())
			}
			after := snapshot(t, dir)
			if len(after) != len(before) {
				t.Errorf("got %d files, want the %d there were", len(after), len(before))
			}
			for p, b := range before {
				if after[p] != b {
					t.Errorf("%s changed", p)
				}
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".kehoach") && e.Name() != outdir.ManifestName {
					t.Errorf("%s left behind", e.Name())
				}
			}
			if code, _, stderr := run(t, "generate", "--school", "th-ket-doan", "--format", "txt", "--out", dir); code != exitOK {
				t.Errorf("the next run: %s", stderr)
			}
		})
	}
}

func hasStage(dir string) bool {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), ".kehoach") {
			return true
		}
	}
	return false
}

// generate tells when and where the reports go, which the forms carry as
// a comment and never print.
func TestGeneratePrintsInstructions(t *testing.T) {
	code, stdout, stderr := run(t, "generate", "--school", "th-ket-doan", "--format", "txt", "--out", t.TempDir())
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Lưu ý cho các trường", "gửi trước ngày 01 tháng 5 năm 2025", "gửi trước ngày 01 tháng 11 năm 2025"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if _, stdout, _ := run(t, "generate", "-q", "--school", "th-ket-doan", "--format", "txt", "--out", t.TempDir()); strings.Contains(stdout, "Lưu ý") {
		t.Errorf("-q still prints the instructions:\n%s", stdout)
	}
}

// The 2026 sample: check lists the placeholders of that plan, its roles,
// contacts, deadlines and periods by name, and the help of generate names
// its report periods; generate writes it.
func TestSample2026(t *testing.T) {
	code, stdout, _ := run(t, "check", "--sample", "2026", "--placeholders")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"plan-2026.toml", "{{phu_trach.chuyen_doi_so.ho_ten}}", "{{lien_he.email_vhxh}}", "{{thoi_han.nop_ke_hoach}}", "{{ky.bao-cao-quy-1.han}}", "ngày 15 tháng 3 năm 2026"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check --placeholders lacks %q", want)
		}
	}
	if strings.Contains(stdout, "dan_van") {
		t.Error("the 2026 plan's placeholders name a role of the 2025 plan")
	}
	if _, stdout, _ := run(t, "help", "generate", "--sample", "2026"); !strings.Contains(stdout, "bao-cao-quy-3 (báo cáo quý III năm 2026)") {
		t.Errorf("help generate --sample 2026 does not name the periods:\n%s", stdout)
	}
	dir := t.TempDir()
	code, _, stderr := run(t, "generate", "--sample", "2026", "--format", "txt", "--school", "mn-hoa-hong", "--out", dir, "-q")
	if code != exitOK {
		t.Fatalf("generate --sample 2026: exit %d: %s", code, stderr)
	}
	for _, f := range []string{"mn-hoa-hong/ke-hoach.txt", "mn-hoa-hong/bao-cao-quy-1.txt", "mn-hoa-hong/bao-cao-nam.txt"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}
