package main

import "fmt"

func (m *Main) schools(args []string) int {
	var in inputs
	fs := m.flagSet("schools", "[--sample TÊN | --schools TỆP]")
	in.register(fs, false, false)
	if code, ok := m.parse(fs, args); !ok {
		return code
	}
	schools, err := in.loadSchools()
	if err != nil {
		fmt.Fprintln(m.Stderr, err)
		return exitInput
	}
	for _, s := range schools {
		fmt.Fprintf(m.Stdout, "%-28s %s\n", s.ID, s.Name)
	}
	return exitOK
}
