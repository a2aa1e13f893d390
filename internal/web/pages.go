package web

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/text/unicode/norm"

	"kehoach/generator"
	"kehoach/generator/htmldoc"
)

var funcs = template.FuncMap{}

// page is what every page's layout shows.
type page struct {
	Title  string
	Status int
	Sites  []siteLink
	Extra  []string // stylesheets besides the app's
}

type siteLink struct {
	Key, Title, Issuer string
	Year               int
	Current            bool
}

func (s *Server) links(cur *site) []siteLink {
	var out []siteLink
	for _, st := range s.order {
		out = append(out, siteLink{Key: st.key, Title: st.plan.Doc.Subject, Issuer: st.plan.Office.InText, Year: st.plan.Year, Current: st == cur})
	}
	return out
}

// render writes page name with data, buffered so that a template error
// is a clean 500 and not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, status int, data any) {
	var b bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&b, "layout", data); err != nil {
		s.log.Error("template", "page", name, "error", err)
		http.Error(w, "Có lỗi trong máy chủ; hãy thử lại.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "private, no-cache") // a school's page may carry people's names
	h.Set("Content-Length", itoa(b.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b.Bytes())
	}
}

type errorData struct {
	page
	Message string
	Reasons []string
	Back    string
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string, reasons ...string) {
	s.errorPageBack(w, r, status, "/", msg, reasons...)
}

// errorPageBack is an error page whose button leads to back.
func (s *Server) errorPageBack(w http.ResponseWriter, r *http.Request, status int, back, msg string, reasons ...string) {
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	s.render(w, r, "error", status, errorData{page: page{Title: "Lỗi " + itoa(status), Status: status, Sites: s.links(nil)}, Message: msg, Reasons: reasons, Back: back})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	// /2025 and /2025/th-x without their slash are pages.
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if st := s.sites[parts[0]]; st != nil && !strings.HasSuffix(r.URL.Path, "/") && r.Method == http.MethodGet {
		if _, school := st.byID[parts[len(parts)-1]]; len(parts) == 1 || len(parts) == 2 && (school || parts[1] == st.issuerDir()) {
			u := r.URL.Path + "/"
			if r.URL.RawQuery != "" {
				u += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, u, http.StatusMovedPermanently)
			return
		}
	}
	back := "/"
	if st := s.sites[parts[0]]; st != nil {
		back = "/" + st.key + "/"
	}
	s.errorPageBack(w, r, http.StatusNotFound, back, "Không có trang này. Hãy tìm trường của bạn trong danh sách các trường.")
}

func (st *site) issuerDir() string { return st.issuer.Dir }

// The home page: the plans, and the chosen plan's schools by type, with a
// search that ignores diacritics and case.
type homeData struct {
	page
	Site   siteLink
	Issuer string
	Q      string
	Groups []schoolGroup
	Shown  int
	Total  int
	Others []otherPlan // where else to look
}

type otherPlan struct {
	Key, Issuer, URL string
	Year, Matches    int
}

type schoolGroup struct {
	Name    string
	Schools []schoolItem
	Shown   int
}

type schoolItem struct {
	ID, Name, Short, Search string
	Hidden                  bool
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	st := s.site(w, r)
	if st == nil {
		return
	}
	q := strings.TrimSpace(norm.NFC.String(strings.ToValidUTF8(r.URL.Query().Get("q"), "")))
	fq := fold(q)
	d := homeData{page: page{Title: "Kế hoạch của các trường", Status: http.StatusOK, Sites: s.links(st)}, Q: q, Total: len(st.schools), Issuer: st.issuerDir()}
	for _, l := range d.Sites {
		if l.Current {
			d.Site = l
		}
	}
	idx := map[string]int{}
	for _, t := range st.plan.Types() {
		idx[t.ID] = len(d.Groups)
		d.Groups = append(d.Groups, schoolGroup{Name: capitalize(t.Name)})
	}
	for i, sc := range st.schools {
		hit := matches(st.search[i], fq)
		g := &d.Groups[idx[sc.Type]]
		g.Schools = append(g.Schools, schoolItem{ID: sc.ID, Name: sc.Name, Short: sc.ShortName, Search: st.search[i], Hidden: !hit})
		if hit {
			g.Shown++
			d.Shown++
		}
	}
	groups := d.Groups[:0]
	for _, g := range d.Groups {
		if len(g.Schools) > 0 {
			groups = append(groups, g)
		}
	}
	d.Groups = groups
	// A school not in this plan may be in another: say where.
	for _, o := range s.order {
		if o == st {
			continue
		}
		l := otherPlan{Key: o.key, Year: o.plan.Year, Issuer: o.plan.Office.InText, URL: "/" + o.key + "/?q=" + url.QueryEscape(q)}
		for i := range o.schools {
			if fq != "" && matches(o.search[i], fq) {
				l.Matches++
			}
		}
		d.Others = append(d.Others, l)
	}
	s.render(w, r, "home", http.StatusOK, d)
}

func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// The school page: details, changes, preview, downloads.
type schoolData struct {
	page
	Site      siteLink
	School    generator.School
	TypeName  string
	Issuer    bool
	Groups    []formGroup
	FormError string
	Problems  []problemLink // the fields to mend, at the top of the page
	Blocked   bool          // bad values: nothing to download until they are mended
	Changed   bool
	Query     string // canonical changes, "" for none
	Docs      []docLink
	Preview   template.HTML
	Viewing   string
	Notes     []string // what the person filling a form in is told
	Deadline  string
	ZipURL    string
	ICSURL    string
	Base      string
}

type problemLink struct{ ID, Label, Msg string }

type formGroup struct {
	Title  string
	Fields []formField
}

type formField struct {
	field
	ID, Value, Error string
	Changed          bool
}

type docLink struct {
	Title, Kind, Name, View, DOCX, PDF string
	Current                            bool
}

func (s *Server) schoolPage(w http.ResponseWriter, r *http.Request) {
	st := s.site(w, r)
	if st == nil {
		return
	}
	id := r.PathValue("school")
	base := "/" + st.key + "/" + id + "/"
	q := r.URL.Query()
	d := schoolData{page: page{Status: http.StatusOK, Sites: s.links(st), Extra: []string{"/" + st.key + "/trang.css"}}, Base: base}
	for _, l := range d.Sites {
		if l.Current {
			d.Site = l
		}
	}
	g := st.g
	var refs []generator.DocRef
	if id == st.issuerDir() {
		d.Issuer = true
		d.Title = "Kế hoạch của " + st.plan.Office.InText
		refs = []generator.DocRef{st.issuer}
	} else {
		i, ok := st.byID[id]
		if !ok {
			s.notFound(w, r)
			return
		}
		d.School = st.schools[i]
		d.TypeName = st.types[d.School.Type]
		d.Title = d.School.Name
		c := parseChanges(st.groups, st.plan, d.School, q)
		if len(c.errs) == 0 && c.changed {
			ng, err := g.WithSchool(c.school)
			if err != nil {
				c.apply(err)
			} else {
				g = ng
			}
		}
		d.Groups, d.FormError = formGroups(st.groups, c, id)
		if len(c.errs) > 0 {
			d.Status = http.StatusBadRequest
			c.changed, d.Blocked = false, true // nothing downloads with these values
			for _, g := range d.Groups {
				for _, f := range g.Fields {
					if f.Error != "" {
						d.Problems = append(d.Problems, problemLink{ID: f.ID, Label: f.Label + " (" + g.Title + ")", Msg: f.Error})
					}
				}
			}
		} else if canonical := canonicalQuery(c, q, st.refs[id][0].Name); canonical != r.URL.RawQuery {
			u := base
			if canonical != "" {
				u += "?" + canonical
			}
			http.Redirect(w, r, u, http.StatusSeeOther)
			return
		}
		d.Changed, d.Query = c.changed, c.encode()
		refs = st.refsOf(g, id)
	}
	view := q.Get("xem") // a document's file name: ke-hoach, bao-cao-6-thang
	if view == "" {
		view = refs[0].Name
	}
	var current *generator.DocRef
	for i := range refs {
		ref := refs[i]
		l := docLink{Title: docTitle(st, ref), Kind: ref.Kind, Name: ref.Name, Current: ref.Name == view}
		l.View = withQuery(base, d.Query, ref.Name, refs[0].Name)
		l.DOCX = withQuery(base+ref.Name+".docx", d.Query, "", "")
		l.PDF = withQuery(base+ref.Name+".pdf", d.Query, "", "")
		if l.Current {
			current = &refs[i]
		}
		d.Docs = append(d.Docs, l)
	}
	if current == nil {
		s.errorPageBack(w, r, http.StatusBadRequest, base, "Không có văn bản “"+view+"” để xem.", "Hãy chọn một văn bản trong danh sách của trường.")
		return
	}
	if !d.Issuer {
		d.ZipURL = withQuery(base+"tat-ca.zip", d.Query, "", "")
		if len(st.plan.Report.Periods) > 0 {
			d.ICSURL = base + "lich.ics"
		}
	}
	if d.Status == http.StatusOK {
		doc, err := g.Document(*current)
		if err != nil {
			s.log.Error("compose", "doc", current.Path(generator.PDF), "error", err)
			s.errorPage(w, r, http.StatusInternalServerError, "Không soạn được văn bản này; hãy báo cho cơ quan quản lý.")
			return
		}
		var b bytes.Buffer
		if err := htmldoc.Render(&b, doc); err != nil {
			s.errorPage(w, r, http.StatusInternalServerError, "Không hiển thị được văn bản này.")
			return
		}
		d.Preview = template.HTML(b.String()) // the renderer escapes every text
		d.Viewing = docTitle(st, *current)
		d.Notes = doc.Instructions
		if p := period(st.plan, current.Kind); p != nil {
			d.Deadline = generator.FormatDate(p.Due, p.Due.Year)
		}
	}
	s.render(w, r, "school", d.Status, d)
}

// canonicalQuery is the query a school page is shown under: its changes,
// and the document viewed when not the first.
func canonicalQuery(c *changes, q url.Values, firstDoc string) string {
	v := url.Values{}
	for k, vs := range c.query {
		v[k] = vs
	}
	if x := q.Get("xem"); x != "" && x != firstDoc {
		v.Set("xem", x)
	}
	return v.Encode()
}

// withQuery is path with the query, and with xem=view unless view is the
// page's default, the first document.
func withQuery(path, query, view, first string) string {
	v, _ := url.ParseQuery(query)
	if view != "" && view != first {
		v.Set("xem", view)
	}
	if e := v.Encode(); e != "" {
		return path + "?" + e
	}
	return path
}

func formGroups(groups []fieldGroup, c *changes, school string) ([]formGroup, string) {
	var out []formGroup
	for _, g := range groups {
		fg := formGroup{Title: g.Title}
		for _, f := range g.Fields {
			fg.Fields = append(fg.Fields, formField{field: f, ID: "f-" + strings.ReplaceAll(f.Name, ".", "-"), Value: c.values[f.Name], Error: c.errs[f.Name], Changed: c.query.Has(f.Name)})
		}
		out = append(out, fg)
	}
	return out, c.errs[""]
}

func period(p *generator.Plan, kind string) *generator.ReportPeriod {
	for i := range p.Report.Periods {
		if p.Report.Periods[i].ID == kind {
			return &p.Report.Periods[i]
		}
	}
	return nil
}

// docTitle names a document for people and for its downloaded file:
// "Kế hoạch - Trường TH Nguyễn Bỉnh Khiêm".
func docTitle(st *site, ref generator.DocRef) string {
	who := st.plan.Office.InText
	if i, ok := st.byID[ref.School]; ok {
		who = st.schools[i].ShortName
	}
	if p := period(st.plan, ref.Kind); p != nil {
		return "Báo cáo " + p.Name + " - " + who
	}
	return "Kế hoạch - " + who
}

// refsOf are the documents of school id in g: the site's list, or those
// of a Generator for the school with changes (WithSchool).
func (st *site) refsOf(g *generator.Generator, id string) []generator.DocRef {
	if g == st.g {
		return st.refs[id]
	}
	return schoolRefs(g, id)
}

// schoolRefs are the documents of school id: its plan and report forms.
func schoolRefs(g *generator.Generator, id string) []generator.DocRef {
	var out []generator.DocRef
	for _, ref := range g.Documents() {
		if ref.School == id {
			out = append(out, ref)
		}
	}
	return out
}
