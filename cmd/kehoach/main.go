// Command kehoach writes the yearly plans of an education office and of
// every school under it, with blank report forms, from a plan kept as TOML
// and the schools' details.
//
//	kehoach generate [--plan FILE] [--schools FILE] [--school ID ...] [--doc LIST] [--format LIST] [--templates DIR|FILE] [--out DIR] [--jobs N] [--zip] [--force] [-q]
//	kehoach check    [--plan FILE] [--schools FILE] [--templates DIR|FILE] [--placeholders]
//	kehoach schools  [--plan FILE] [--schools FILE] [--template FILE.xlsx|FILE.csv [--force] | --to toml]
//	kehoach serve    [--addr ADDR] [--plan FILE ...] [--schools FILE ...] [--templates DIR|FILE] [--cache-mb N]
//	kehoach help     [COMMAND]
//
// The command is a thin door onto kehoach/generator (validation, composing,
// rendering) and kehoach/internal/outdir (the output folder).
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	m := NewMain(os.Stdout, os.Stderr)
	os.Exit(m.Run(os.Args[1:]))
}

// Exit codes.
const (
	exitOK    = 0
	exitInput = 1 // the input files are wrong, or writing failed
	exitUsage = 2 // the command line is wrong
)

const usage = `kehoach: viết kế hoạch và mẫu báo cáo cho cơ quan quản lý giáo dục và các trường

Cách dùng:
  kehoach generate [--sample TÊN | --plan TỆP --schools TỆP] [--school ID ...] [--doc DS]
                   [--format DS] [--templates THƯ_MỤC|TỆP] [--out THƯ_MỤC] [--jobs N] [--zip] [--force] [-q]
      viết kế hoạch của cơ quan ban hành (out/<co_quan.thu_muc>/) và của từng trường (out/<id>/);
      --schools nhận cả bảng tính .xlsx, .csv; --zip viết thêm tệp .zip, manifest.csv để gửi
  kehoach check [--sample TÊN | --plan TỆP --schools TỆP] [--templates THƯ_MỤC|TỆP] [--placeholders]
      kiểm tra tệp kế hoạch, danh sách trường và mẫu Word, in mọi lỗi
  kehoach schools [--sample TÊN | --plan TỆP] [--schools TỆP] [--template TỆP.xlsx | --to toml]
      liệt kê id và tên các trường; --template viết mẫu Excel danh sách trường theo kế hoạch,
      --to toml đổi danh sách Excel, CSV thành tệp TOML
  kehoach serve [--addr ĐỊA_CHỈ] [--plan TỆP ...] [--schools TỆP ...] [--templates THƯ_MỤC|TỆP]
      mở trang web cho hiệu trưởng, văn thư: tìm trường, sửa, xem trước, tải Word, PDF
  kehoach help [LỆNH]
      in hướng dẫn này, hoặc các tùy chọn của một lệnh

Không ghi --plan, --schools thì dùng dữ liệu mẫu có sẵn: --sample 2025 (mặc định; kế hoạch
của Phòng GD&ĐT Quận 1, data/plan-2025.toml, data/schools.toml) hoặc --sample 2026 (kế hoạch
của UBND phường Sài Gòn, data/plan-2026.toml, data/schools-2026.toml).
Chạy "kehoach help <lệnh>" hoặc "kehoach <lệnh> -h" để xem các tùy chọn của từng lệnh.
`

// Main is the command, built by NewMain so that tests can run it.
type Main struct {
	Stdout, Stderr io.Writer

	helpOut io.Writer // where -h prints: Stdout for "kehoach help CMD"
}

// NewMain returns a Main writing to the given streams.
func NewMain(stdout, stderr io.Writer) *Main {
	return &Main{Stdout: stdout, Stderr: stderr}
}

// commands maps each verb to its function.
func (m *Main) commands() map[string]func([]string) int {
	return map[string]func([]string) int{
		"generate": m.generate,
		"check":    m.check,
		"schools":  m.schools,
		"serve":    m.serve,
	}
}

// Run runs the command line args (without the program name) and returns
// the exit code.
func (m *Main) Run(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return exitUsage
	}
	cmds := m.commands()
	if run, ok := cmds[args[0]]; ok {
		return run(args[1:])
	}
	switch args[0] {
	case "-h", "--help", "help":
		if len(args) > 1 {
			run, ok := cmds[args[1]]
			if !ok {
				fmt.Fprintf(m.Stderr, "kehoach: không có lệnh %q\n\n%s", args[1], usage)
				return exitUsage
			}
			m.helpOut = m.Stdout
			return run(append(append([]string(nil), args[2:]...), "-h")) // "help generate --sample 2026": the flags before -h name the plan
		}
		fmt.Fprint(m.Stdout, usage)
		return exitOK
	}
	fmt.Fprintf(m.Stderr, "kehoach: không có lệnh %q\n\n%s", args[0], usage)
	return exitUsage
}

func (m *Main) errorf(format string, args ...any) {
	fmt.Fprintf(m.Stderr, "kehoach: "+format+"\n", args...)
}
