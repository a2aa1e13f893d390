package sheet_test

import (
	"fmt"
	"strings"

	"kehoach/generator"
	"kehoach/internal/sheet"
)

// A plan built in code: one role, and the built-in types of school.
var examplePlan = &generator.Plan{
	File:  "ke-hoach.toml",
	Roles: []generator.Role{{ID: "dan_van", Work: "công tác dân vận"}},
}

func ExampleLoad() {
	csv := "\ufeffMa truong;Ten truong;Ten viet tat;Loai truong;Co quan chu quan;Dia danh;Ky hieu;Email;" +
		"Hieu truong: xung ho;Hieu truong: ho va ten;Hieu truong: cach ky;" +
		"phu_trach.dan_van.xung_ho;phu_trach.dan_van.ho_ten;phu_trach.dan_van.chuc_vu\r\n" +
		"th-ket-doan;Trường Tiểu học Kết Đoàn;Trường TH Kết Đoàn;tieu-hoc;ỦY BAN NHÂN DÂN QUẬN 1;Quận 1;THKD;c1ketdoan.q1@hcm.edu.vn;" +
		"Ông;Lê Văn Phúc;HIỆU TRƯỞNG;Bà;Đặng Thị Hồng Hạnh;Chủ tịch Công đoàn\r\n"
	s, err := sheet.Load(strings.NewReader(csv), "truong.csv", examplePlan)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, school := range s.Schools {
		fmt.Println(school.ID, "|", school.Principal.Name, "|", school.Roles["dan_van"].Name)
	}
	// Output:
	// th-ket-doan | Lê Văn Phúc | Đặng Thị Hồng Hạnh
}

func ExampleSheet_Explain() {
	csv := "id,ten,ten_viet_tat,loai,co_quan_chu_quan,dia_danh,ky_hieu,email,hieu_truong.xung_ho,hieu_truong.ho_ten,hieu_truong.ky," +
		"phu_trach.dan_van.xung_ho,phu_trach.dan_van.ho_ten,phu_trach.dan_van.chuc_vu\n" +
		"th-ket-doan,Trường Tiểu học Kết Đoàn,Trường TH Kết Đoàn,tieu-hoc,ỦY BAN NHÂN DÂN QUẬN 1,Quận 1,THKD,c1ketdoan.q1@hcm.edu.vn," +
		"ông,Lê Văn Phúc,HIỆU TRƯỞNG,Bà,Đặng Thị Hồng Hạnh,Chủ tịch Công đoàn\n"
	s, err := sheet.Load(strings.NewReader(csv), "truong.csv", examplePlan)
	if err != nil {
		fmt.Println(err)
		return
	}
	// What generator.New says of a school built in code ...
	err = generator.Problems{{File: "danh sách trường", Key: "truong[1].hieu_truong.xung_ho",
		Msg: `xưng hô "ông" không đúng; hãy viết "Ông" hoặc "Bà"`}}
	// ... said where the clerk finds it.
	fmt.Println(s.Explain(err))
	// Output:
	// truong.csv: dòng 2, cột I (hieu_truong.xung_ho): xưng hô "ông" không đúng; hãy viết "Ông" hoặc "Bà"
}
