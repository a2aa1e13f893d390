package generator

import "kehoach/generator/document"

// Temporary wrappers until the renderer tests move to Generator.

func ComposeDistrict(p *Plan) *document.Document {
	d, err := composeDistrict(p)
	if err != nil {
		panic(err)
	}
	return d
}

func ComposeSchoolPlan(p *Plan, s *School) *document.Document {
	d, err := composeSchoolPlan(p, s)
	if err != nil {
		panic(err)
	}
	return d
}

func ComposeReport(p *Plan, s *School, k ReportPeriod) *document.Document {
	d, err := composeReport(p, s, &k)
	if err != nil {
		panic(err)
	}
	return d
}

func Compose(p *Plan, s *School, id string) (*document.Document, error) {
	if id == DocPlan {
		return composeSchoolPlan(p, s)
	}
	if k, ok := p.Period(id); ok {
		return composeReport(p, s, &k)
	}
	return nil, nil
}
