package handlers

import (
	"context"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"kvp/auth"
	"kvp/casework"
	"kvp/register"
	"kvp/store"
	"kvp/usecase"
)

// Protected addresses (fortrolig and strengt fortrolig adresse).
//
// At every login the person is looked up in the population register
// (Config.Register); their address protection is kept in the session's
// identity and copied onto every case they send (casework.Case.Protected),
// so that the staff pages never need the register.
//
// Staff see such a case only with the permission for it
// (auth.StaffIdentity.MayHandleProtected), never by office or role alone.
// Without it the case is in no inbox list or count, and its page, files,
// letters, audit log, appeal actions and appeal bundle answer 404 exactly
// as another office's case does; the attempt is written to the audit log.
// Every access with the permission is in the audit log, marked with the
// protection. The case of a person with a strictly confidential address
// goes to the designated office (Config.ProtectedOffice) when one is set,
// instead of the office of the municipality they live in. Letters never
// print a protected address, whoever downloads them.

// registerTimeout bounds a register lookup at login.
const registerTimeout = 10 * time.Second

// lookUpPerson asks the register about the person logging in and sets
// their address protection, and their name when the login gave none. A
// register that cannot answer fails the login: the portal does not guess
// that an address is unprotected.
func (h *Handler) lookUpPerson(c *fiber.Ctx, who *auth.Identity) *loginFailure {
	ctx, cancel := context.WithTimeout(c.UserContext(), registerTimeout)
	defer cancel()
	p, err := h.register.Lookup(ctx, who.NationalID)
	switch {
	case errors.Is(err, register.ErrNotFound):
		who.Protection = register.None
		return nil
	case err != nil:
		h.log.Error("login refused: the population register did not answer", "err", err, "request_id", requestID(c))
		return &loginFailure{Status: fiber.StatusServiceUnavailable, Title: "login.failed.register.title", Text: "login.failed.register.text"}
	}
	who.Protection = p.Protection
	if p.Name != "" && (who.Name == "" || who.Name == who.NationalID) {
		who.Name = p.Name
	}
	return nil
}

// protectExistingCases marks the person's cases with the protection the
// register gave at this login when it is stricter than the one they were
// sent with, so that a person who got a protected address after applying
// is hidden from then on. A protection is never lowered here: lifting it
// is for the office to decide. A case changed meanwhile is marked at the
// next login; failures are logged, and the login goes on.
func (h *Handler) protectExistingCases(c *fiber.Ctx, who auth.Identity) {
	if !who.Protection.Protected() {
		return
	}
	ctx := c.UserContext()
	rec, err := h.st.Person(ctx, who.NationalID)
	if err == nil && len(rec.CaseRefs) > 0 {
		var cases []*casework.Case
		if cases, err = h.st.CasesByRef(ctx, rec.CaseRefs); err == nil {
			for _, cs := range cases {
				if old := register.Protection(cs.Protected); old == who.Protection || old.Protected() && !who.Protection.AtLeast(old) {
					continue
				}
				cs.Protected = string(who.Protection)
				if err = h.st.UpdateCase(ctx, cs, cs.Version); err != nil && !errors.Is(err, store.ErrConflict) {
					break
				}
				err = nil
			}
		}
	}
	if err != nil {
		h.log.Error("mark the cases of a person with a protected address", "err", err, "request_id", requestID(c))
	}
}

// handlingOffice is the office that handles a case sent by who from
// municipality muni: for a strictly confidential address the designated
// office, when one is set; otherwise the municipality's office.
func (h *Handler) handlingOffice(ctx context.Context, who auth.Identity, muni string) (*casework.Office, error) {
	if who.Protection.Strict() && h.cfg.ProtectedOffice != "" {
		return h.st.Office(ctx, h.cfg.ProtectedOffice)
	}
	return h.st.Office(ctx, muni)
}

// protectCase copies the sender's address protection onto a new case.
func protectCase(cs *casework.Case, who auth.Identity) {
	cs.Protected = string(who.Protection)
}

// staffMaySee reports whether the staff member may see the case: at one of
// their offices, and with the permission if the address is protected.
func staffMaySee(c *fiber.Ctx, cs *casework.Case) bool {
	return currentStaff(c).MaySeeCase(cs.Office.Municipality, cs.Protected)
}

// refuseProtected answers a staff member who works at the case's office
// but may not see protected addresses as if the case did not exist, and
// writes the attempt to the audit log (an audit failure is logged, and
// the answer is the same).
func (h *Handler) refuseProtected(c *fiber.Ctx, cs *casework.Case) error {
	if err := h.audit(c, cs, "nektet-skjermet", c.Method()+" "+c.Path()); err != nil {
		h.log.Error("audit a refused access to a protected case", "err", err, "case", cs.ID, "request_id", requestID(c))
	}
	return errNotFound
}

// colleaguesFor lists the colleagues the case may be given to
// (usecase.MayBeAssigned, the rule Assign applies).
func colleaguesFor(all []store.StaffRecord, cs *casework.Case) []store.StaffRecord {
	out := make([]store.StaffRecord, 0, len(all))
	for i := range all {
		if usecase.MayBeAssigned(&all[i], cs) {
			out = append(out, all[i])
		}
	}
	return out
}

// AddressProtection is the address protection the page's texts speak
// about: the case's on a case page, else the logged-in person's own.
func (p *Page) AddressProtection() register.Protection {
	if d, ok := p.Data.(interface{ caseOf() *casework.Case }); ok {
		if cs := d.caseOf(); cs != nil && cs.Protected != "" {
			return register.Protection(cs.Protected)
		}
	}
	if p.Staff == nil && p.User != nil {
		return p.User.Protection
	}
	return register.None
}

func (d *checkData) caseOf() *casework.Case     { return d.Case }
func (d *staffCaseData) caseOf() *casework.Case { return d.Case }
