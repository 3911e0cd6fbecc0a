package forms

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"kvp/casework"
)

// Contact is the "about you" step: how the office reaches the person and
// their address. Name and national id come from the login and are not typed.
type Contact struct {
	Phone      string `form:"phone" validate:"required,max=20,phone"`
	Email      string `form:"email" validate:"omitempty,max=254,email"`
	Street     string `form:"street" validate:"required,max=100"`
	PostalCode string `form:"postalCode" validate:"required,postalcode"`
	PostalTown string `form:"postalTown" validate:"required,max=60"`
}

// BindContact reads and validates the about-you step.
func BindContact(v url.Values) (Contact, Errors) {
	b := newBinder("contact", v)
	f := Contact{
		Phone:      b.text("phone"),
		Email:      b.text("email"),
		Street:     b.text("street"),
		PostalCode: b.text("postalCode"),
		PostalTown: b.text("postalTown"),
	}
	return f, check("contact", f, b.errs, []string{"phone", "email", "street", "postalCode", "postalTown"})
}

// Answer converts the form to the stored answer.
func (f Contact) Answer() casework.Contact { return casework.Contact(f) }

// ContactFrom fills the form from a stored answer.
func ContactFrom(a casework.Contact) Contact { return Contact(a) }

// OtherMunicipality is the choice for a municipality not in the list.
const OtherMunicipality = "annen"

// Residence is the "where you live" step.
type Residence struct {
	Municipality string `form:"municipality" validate:"required,max=5"`
}

// BindResidence reads the residence step. Whether the municipality exists
// is checked against the office directory by the caller (see Known).
func BindResidence(v url.Values) (Residence, Errors) {
	b := newBinder("residence", v)
	f := Residence{Municipality: b.text("municipality")}
	return f, check("residence", f, b.errs, []string{"municipality"})
}

// Known adds an error unless the chosen municipality is one of known (or
// the "not in the list" choice).
func (f Residence) Known(errs Errors, known func(string) bool) Errors {
	if len(errs) == 0 && f.Municipality != OtherMunicipality && !known(f.Municipality) {
		errs = append(errs, casework.Invalid("municipality", "err.residence.municipality.unknown"))
	}
	return errs
}

// Situation is the "your situation today" step.
type Situation struct {
	IncomeSources  []string `form:"incomeSources" validate:"required,min=1,max=9,dive,incomesource"`
	IncomeOther    string   `form:"incomeOther" validate:"max=500"`
	WorkExperience string   `form:"workExperience" validate:"required,max=2000"`
	Education      string   `form:"education" validate:"required,education"`
	TriedBefore    string   `form:"triedBefore" validate:"max=2000"`
}

// BindSituation reads and validates the situation step.
func BindSituation(v url.Values) (Situation, Errors) {
	b := newBinder("situation", v)
	f := Situation{
		IncomeSources:  b.list("incomeSources"),
		IncomeOther:    b.multiline("incomeOther"),
		WorkExperience: b.multiline("workExperience"),
		Education:      b.text("education"),
		TriedBefore:    b.multiline("triedBefore"),
	}
	if slices.Contains(f.IncomeSources, "ingen") && len(f.IncomeSources) > 1 {
		b.fail("incomeSources", "none")
	}
	if slices.Contains(f.IncomeSources, "annet") && f.IncomeOther == "" {
		b.fail("incomeOther", "required")
	}
	return f, check("situation", f, b.errs, []string{"incomeSources", "incomeOther", "workExperience", "education", "triedBefore"})
}

// Answer converts the form to the stored answer.
func (f Situation) Answer() casework.Situation { return casework.Situation(f) }

// SituationFrom fills the form from a stored answer.
func SituationFrom(a casework.Situation) Situation { return Situation(a) }

// Goals is the "what you want to achieve" step.
type Goals struct {
	Goal    string `form:"goal" validate:"required,max=2000"`
	Support string `form:"support" validate:"max=2000"`
}

// BindGoals reads and validates the goals step.
func BindGoals(v url.Values) (Goals, Errors) {
	b := newBinder("goals", v)
	f := Goals{Goal: b.multiline("goal"), Support: b.multiline("support")}
	return f, check("goals", f, b.errs, []string{"goal", "support"})
}

// Answer converts the form to the stored answer.
func (f Goals) Answer() casework.Goals { return casework.Goals(f) }

// GoalsFrom fills the form from a stored answer.
func GoalsFrom(a casework.Goals) Goals { return Goals(a) }

// Children is the "children you provide for" step. Ages are typed in one
// field, separated by commas or spaces, so the page works without
// JavaScript for any number of children.
type Children struct {
	HasChildren string `form:"hasChildren" validate:"required,oneof=ja nei"`
	Ages        string `form:"ages" validate:"max=100"`
	ages        []int
}

// MaxChildren is the most children the form accepts.
const MaxChildren = 15

// BindChildren reads and validates the children step.
func BindChildren(v url.Values) (Children, Errors) {
	b := newBinder("children", v)
	f := Children{HasChildren: b.text("hasChildren"), Ages: b.text("ages")}
	if f.HasChildren == "ja" {
		f.ages = parseAges(f.Ages)
		switch {
		case strings.TrimSpace(f.Ages) == "":
			b.fail("ages", "required")
		case f.ages == nil:
			b.fail("ages", "format")
		case len(f.ages) > MaxChildren:
			b.fail("ages", "max")
		}
	}
	return f, check("children", f, b.errs, []string{"hasChildren", "ages"})
}

func parseAges(s string) []int {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
	if len(fields) == 0 {
		return nil
	}
	out := make([]int, 0, len(fields))
	for _, x := range fields {
		n, err := strconv.Atoi(x)
		if err != nil || n < 0 || n > 17 {
			return nil
		}
		out = append(out, n)
	}
	return out
}

// Answer converts the form to the stored answer.
func (f Children) Answer() casework.Children {
	if f.HasChildren != "ja" {
		return casework.Children{HasChildren: false, Ages: []int{}}
	}
	return casework.Children{HasChildren: true, Ages: f.ages}
}

// ChildrenFrom fills the form from a stored answer; answered says whether
// the step was saved before (an unanswered step shows no choice).
func ChildrenFrom(a casework.Children, answered bool) Children {
	f := Children{}
	if !answered {
		return f
	}
	f.HasChildren = "nei"
	if a.HasChildren {
		f.HasChildren = "ja"
		parts := make([]string, len(a.Ages))
		for i, n := range a.Ages {
			parts[i] = strconv.Itoa(n)
		}
		f.Ages = strings.Join(parts, ", ")
	}
	return f
}

// Housing is the housing step.
type Housing struct {
	Situation   string `form:"housing" validate:"required,housing"`
	MonthlyCost string `form:"monthlyCost" validate:"max=12"`
	cost        int
}

// MaxHousingCost is the largest monthly housing cost accepted (NOK).
const MaxHousingCost = 200000

// BindHousing reads and validates the housing step. The cost is required
// for owners and tenants; it may be typed with spaces ("8 500") or "kr".
func BindHousing(v url.Values) (Housing, Errors) {
	b := newBinder("housing", v)
	f := Housing{Situation: b.text("housing"), MonthlyCost: b.text("monthlyCost")}
	raw := strings.NewReplacer(" ", "", "\u00a0", "", "kr", "", ",-", "", ".", "").Replace(strings.ToLower(f.MonthlyCost))
	if f.Situation == "eier" || f.Situation == "leier" {
		if raw == "" {
			b.fail("monthlyCost", "required")
		}
	}
	if raw != "" {
		n, err := strconv.Atoi(raw)
		switch {
		case err != nil || n < 0:
			b.fail("monthlyCost", "number")
		case n > MaxHousingCost:
			b.fail("monthlyCost", "max")
		default:
			f.cost = n
		}
	}
	return f, check("housing", f, b.errs, []string{"housing", "monthlyCost"})
}

// Answer converts the form to the stored answer.
func (f Housing) Answer() casework.Housing {
	return casework.Housing{Situation: f.Situation, MonthlyCost: f.cost}
}

// HousingFrom fills the form from a stored answer.
func HousingFrom(a casework.Housing) Housing {
	f := Housing{Situation: a.Situation}
	if a.MonthlyCost > 0 || a.Situation == "eier" || a.Situation == "leier" {
		f.MonthlyCost = strconv.Itoa(a.MonthlyCost)
	}
	return f
}

// Consent is the last step: consent to obtain information and the
// declaration that the answers are true. Both must be given.
type Consent struct {
	ObtainInformation bool `form:"obtainInformation" validate:"required"`
	Declaration       bool `form:"declaration" validate:"required"`
}

// BindConsent reads and validates the consent step.
func BindConsent(v url.Values) (Consent, Errors) {
	b := newBinder("consent", v)
	f := Consent{ObtainInformation: b.text("obtainInformation") == "ja", Declaration: b.text("declaration") == "ja"}
	return f, check("consent", f, b.errs, []string{"obtainInformation", "declaration"})
}

// Answer converts the form to the stored answer.
func (f Consent) Answer() casework.Consent { return casework.Consent(f) }

// ConsentFrom fills the form from a stored answer.
func ConsentFrom(a casework.Consent) Consent { return Consent(a) }

// Login is the development login's "another synthetic number" form.
type Login struct {
	NationalID string `form:"nationalId" validate:"required"`
	Name       string `form:"name" validate:"max=100"`
}

// BindLogin reads the development login form; the caller checks the number.
func BindLogin(v url.Values) (Login, Errors) {
	b := newBinder("login", v)
	f := Login{NationalID: b.text("nationalId"), Name: b.text("name")}
	return f, check("login", f, b.errs, []string{"nationalId", "name"})
}

// Calculator is the benefit calculator's form. It is read from the query
// string, so a result can be shared and bookmarked.
type Calculator struct {
	Age          string `form:"alder" validate:"required,max=3"`
	Children     string `form:"barn" validate:"max=2"`
	OwnHome      bool   `form:"egen-bolig"`
	Municipality string `form:"kommune" validate:"max=5"`
	age          int
	children     int
}

// MinAge and MaxAge bound the ages the calculator accepts (working age).
const (
	MinAge = 18
	MaxAge = 67
)

// BindCalculator reads and validates the calculator.
func BindCalculator(v url.Values) (Calculator, Errors) {
	b := newBinder("calc", v)
	f := Calculator{Age: b.text("alder"), Children: b.text("barn"), OwnHome: b.text("egen-bolig") == "ja", Municipality: b.text("kommune")}
	if f.Age != "" {
		n, err := strconv.Atoi(f.Age)
		switch {
		case err != nil:
			b.fail("alder", "number")
		case n < MinAge || n > MaxAge:
			b.fail("alder", "range")
		default:
			f.age = n
		}
	}
	if f.Children != "" {
		n, err := strconv.Atoi(f.Children)
		if err != nil || n < 0 || n > MaxChildren {
			b.fail("barn", "range")
		} else {
			f.children = n
		}
	}
	return f, check("calc", f, b.errs, []string{"alder", "barn", "egen-bolig", "kommune"})
}

// AgeYears is the validated age.
func (f Calculator) AgeYears() int { return f.age }

// ChildCount is the validated number of children.
func (f Calculator) ChildCount() int { return f.children }
