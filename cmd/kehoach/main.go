// Command kehoach writes the yearly plans of a district education office and
// of every school under it, with blank report forms, from a plan kept as
// TOML and the schools' details.
//
//	kehoach generate [--plan FILE] [--schools FILE] [--school ID ...] [--doc LIST] [--format LIST] [--templates DIR] [--out DIR] [--force] [-q]
//	kehoach check    [--plan FILE] [--schools FILE] [--templates DIR]
//	kehoach schools  [--schools FILE]
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

const usage = `kehoach: viết kế hoạch và mẫu báo cáo cho Phòng Giáo dục và Đào tạo và các trường

Cách dùng:
  kehoach generate [--plan TỆP] [--schools TỆP] [--school ID ...] [--doc DS] [--format DS]
                   [--templates THƯ_MỤC] [--out THƯ_MỤC] [--force] [-q]
      viết kế hoạch của Phòng (out/phong/) và của từng trường (out/<id>/)
  kehoach check [--plan TỆP] [--schools TỆP] [--templates THƯ_MỤC]
      kiểm tra tệp kế hoạch, danh sách trường và mẫu Word, in mọi lỗi
  kehoach schools [--schools TỆP]
      liệt kê id và tên các trường

Không ghi --plan, --schools thì dùng dữ liệu có sẵn (data/plan-2025.toml, data/schools.toml).
Chạy "kehoach <lệnh> -h" để xem các tùy chọn của từng lệnh.
`

// Main is the command, built by NewMain so that tests can run it.
type Main struct {
	Stdout, Stderr io.Writer
}

// NewMain returns a Main writing to the given streams.
func NewMain(stdout, stderr io.Writer) *Main {
	return &Main{Stdout: stdout, Stderr: stderr}
}

// Run runs the command line args (without the program name) and returns
// the exit code.
func (m *Main) Run(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "generate":
		return m.generate(args[1:])
	case "check":
		return m.check(args[1:])
	case "schools":
		return m.schools(args[1:])
	case "-h", "--help", "help":
		fmt.Fprint(m.Stdout, usage)
		return exitOK
	}
	fmt.Fprintf(m.Stderr, "kehoach: không có lệnh %q\n\n%s", args[0], usage)
	return exitUsage
}

func (m *Main) errorf(format string, args ...any) {
	fmt.Fprintf(m.Stderr, "kehoach: "+format+"\n", args...)
}
