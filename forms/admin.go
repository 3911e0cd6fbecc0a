package forms

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kvp/casework"
)

// OfficeForm adds or changes an office in the directory.
type OfficeForm struct {
	Municipality     string `form:"municipality" validate:"required,len=4,numeric"`
	MunicipalityName string `form:"municipalityName" validate:"required,max=60"`
	Name             string `form:"officeName" validate:"required,max=100"`
	VisitLine1       string `form:"visitLine1" validate:"required,max=100"`
	VisitLine2       string `form:"visitLine2" validate:"max=100"`
	VisitPostalCode  string `form:"visitPostalCode" validate:"required,postalcode"`
	VisitTown        string `form:"visitTown" validate:"required,max=60"`
	PostLine1        string `form:"postLine1" validate:"required,max=100"`
	PostLine2        string `form:"postLine2" validate:"max=100"`
	PostPostalCode   string `form:"postPostalCode" validate:"required,postalcode"`
	PostTown         string `form:"postTown" validate:"required,max=60"`
	PaymentDay       string `form:"paymentDay" validate:"required"`
	Under25OwnHome   bool   `form:"under25OwnHome"`
	DigitalApply     bool   `form:"digitalApply"`
	StaffNamesHidden bool   `form:"staffNamesHidden"`
	// Opens and Closes are per weekday, Monday (1) to Sunday (7); empty
	// means closed that day.
	Opens  [8]string
	Closes [8]string
	day    int
}

// Weekdays are the days of the office form, Monday (1) to Sunday (7).
var Weekdays = []int{1, 2, 3, 4, 5, 6, 7}

// BindOffice reads and validates the office form.
func BindOffice(v url.Values) (OfficeForm, Errors) {
	b := newBinder("office", v)
	f := OfficeForm{
		Municipality: b.text("municipality"), MunicipalityName: b.text("municipalityName"), Name: b.text("officeName"),
		VisitLine1: b.text("visitLine1"), VisitLine2: b.text("visitLine2"), VisitPostalCode: b.text("visitPostalCode"), VisitTown: b.text("visitTown"),
		PostLine1: b.text("postLine1"), PostLine2: b.text("postLine2"), PostPostalCode: b.text("postPostalCode"), PostTown: b.text("postTown"),
		PaymentDay: b.text("paymentDay"), Under25OwnHome: b.text("under25OwnHome") == "ja", DigitalApply: b.text("digitalApply") == "ja",
		StaffNamesHidden: b.text("staffNamesHidden") == "ja",
	}
	if f.PaymentDay != "" {
		n, err := strconv.Atoi(f.PaymentDay)
		if err != nil || n < 1 || n > 31 {
			b.fail("paymentDay", "range")
		}
		f.day = n
	}
	order := []string{"municipality", "municipalityName", "officeName", "visitLine1", "visitLine2", "visitPostalCode", "visitTown", "postLine1", "postLine2", "postPostalCode", "postTown", "paymentDay"}
	for _, d := range Weekdays {
		o, c := fmt.Sprintf("opens%d", d), fmt.Sprintf("closes%d", d)
		order = append(order, o, c)
		f.Opens[d], f.Closes[d] = b.text(o), b.text(c)
		if f.Opens[d] == "" && f.Closes[d] == "" {
			continue
		}
		ot, err1 := time.Parse("15:04", f.Opens[d])
		ct, err2 := time.Parse("15:04", f.Closes[d])
		switch {
		case err1 != nil:
			b.fail(o, "time")
		case err2 != nil:
			b.fail(c, "time")
		case !ot.Before(ct):
			b.fail(c, "order")
		}
	}
	return f, check("office", f, b.errs, order)
}

// Office converts the form, joining weekdays with the same hours. base is
// the stored office being changed (nil for a new one): what the form does
// not show (whether it is demo data, the source, the notes) is kept from
// it. A demo office stays marked «(demo)» in its names.
func (f OfficeForm) Office(base *casework.Office) casework.Office {
	o := casework.Office{Source: "administrator"}
	if base != nil {
		o = *base
		o.Notes = append([]string(nil), base.Notes...)
	}
	o.Municipality, o.MunicipalityName, o.Name = f.Municipality, f.MunicipalityName, f.Name
	o.Visiting = casework.Address{Line1: f.VisitLine1, Line2: f.VisitLine2, PostalCode: f.VisitPostalCode, Town: f.VisitTown}
	o.Postal = casework.Address{Line1: f.PostLine1, Line2: f.PostLine2, PostalCode: f.PostPostalCode, Town: f.PostTown}
	o.PaymentDay, o.Under25OwnHome, o.DigitalApply = f.day, f.Under25OwnHome, f.DigitalApply
	o.StaffNamesHidden = f.StaffNamesHidden
	if o.Demo {
		o.Name, o.MunicipalityName = markDemo(o.Name), markDemo(o.MunicipalityName)
	}
	o.OpeningHours = nil
	for _, d := range Weekdays {
		if f.Opens[d] == "" {
			continue
		}
		n := len(o.OpeningHours)
		if n > 0 && o.OpeningHours[n-1].ToDay == d-1 && o.OpeningHours[n-1].Opens == f.Opens[d] && o.OpeningHours[n-1].Closes == f.Closes[d] {
			o.OpeningHours[n-1].ToDay = d
			continue
		}
		o.OpeningHours = append(o.OpeningHours, casework.Hours{FromDay: d, ToDay: d, Opens: f.Opens[d], Closes: f.Closes[d]})
	}
	return o
}

// OfficeFormFrom fills the form from an office.
func OfficeFormFrom(o casework.Office) OfficeForm {
	f := OfficeForm{
		Municipality: o.Municipality, MunicipalityName: o.MunicipalityName, Name: o.Name,
		VisitLine1: o.Visiting.Line1, VisitLine2: o.Visiting.Line2, VisitPostalCode: o.Visiting.PostalCode, VisitTown: o.Visiting.Town,
		PostLine1: o.Postal.Line1, PostLine2: o.Postal.Line2, PostPostalCode: o.Postal.PostalCode, PostTown: o.Postal.Town,
		PaymentDay: strconv.Itoa(o.PaymentDay), Under25OwnHome: o.Under25OwnHome, DigitalApply: o.DigitalApply, StaffNamesHidden: o.StaffNamesHidden,
	}
	for _, h := range o.OpeningHours {
		for d := max(h.FromDay, 1); d <= h.ToDay && d <= 7; d++ {
			f.Opens[d], f.Closes[d] = h.Opens, h.Closes
		}
	}
	return f
}

// markDemo appends « (demo)» to a name that does not show it.
func markDemo(name string) string {
	if strings.Contains(name, "(demo)") {
		return name
	}
	return name + " (demo)"
}

// RateForm adds a row to a rate table.
type RateForm struct {
	Table string `form:"table" validate:"required,oneof=g factor child under25 latestStart"`
	From  string `form:"from" validate:"required"`
	Value string `form:"value" validate:"required,max=9"`
	from  time.Time
	value int
	per   int
}

// BindRate reads and validates the rate form.
func BindRate(v url.Values) (RateForm, Errors) {
	b := newBinder("rate", v)
	f := RateForm{Table: b.text("table"), From: b.text("from"), Value: b.text("value")}
	if f.From != "" {
		f.from = b.date("from", true)
	}
	switch {
	case f.Value == "":
	case f.Table == "under25":
		// A share of the full rate, written as a fraction.
		num, per, err := casework.ParseShare(f.Value)
		if err != nil {
			b.fail("value", "share")
		}
		f.value, f.per = num, per
	default:
		n, err := strconv.Atoi(f.Value)
		if err != nil || n <= 0 {
			b.fail("value", "number")
		}
		f.value = n
	}
	return f, check("rate", f, b.errs, []string{"table", "from", "value"})
}

// Rate converts the form.
func (f RateForm) Rate() casework.Rate {
	return casework.Rate{From: f.from, Value: f.value, Per: f.per}
}
