package handlers

import (
	"github.com/gofiber/fiber/v2"

	"kvp/auth"
)

// routes declares every route of the portal in one place.
func (h *Handler) routes(app *fiber.App) {
	app.Get("/healthz", h.healthz)
	app.Get("/readyz", h.readyz)
	app.Get("/static/*", h.serveAsset)
	app.Get("/favicon.ico", h.favicon)

	// Sessions first (the staff area has its own), then the CSRF check,
	// which binds each form's token to the session it belongs to.
	app.Use(h.bodyLimit, h.withSession)
	app.Use("/saksbehandler", h.withStaffSession)
	app.Use(h.csrfMiddleware())

	// Public pages.
	app.Get("/", h.showFrontPage)
	app.Get("/sprak/:lang", h.setLanguage)
	app.Get("/logg-inn", h.showLogin)
	app.Post("/logg-inn", h.login)
	app.Get("/logg-inn/idporten", h.startIDPortenLogin)
	app.Get("/logg-inn/callback", h.idportenCallback)
	app.Post("/logg-ut", h.logout)
	app.Get("/logg-ut/frontchannel", h.frontchannelLogout)
	app.Get("/logget-ut", h.showLoggedOut)
	app.Get("/kommune/:muni", h.showNoDigitalApplication)
	for _, ip := range infoPages {
		app.Get(ip.Path, h.showInfo(ip))
	}
	app.Get("/kalkulator", h.showCalculator)
	app.Get("/samtale", h.showConversationForm)
	app.Post("/samtale", h.conversationLimiter(), h.requestConversation)
	app.Get("/samtale/kvittering/:ref", h.showConversationReceipt)

	// The citizen's own pages: every one requires a login. (A group with
	// the login check would also catch unknown addresses, which must be
	// 404 for everyone.)
	my := loginRequired{app: app, check: h.requireLogin, uploads: &h.uploads}
	my.Post("/sesjon/forleng", h.extendSession)
	my.Get("/mine-saker", h.showMyCases)

	my.Get("/soknad", h.showApplicationStart)
	my.Post("/soknad", h.startApplication)
	my.Get("/soknad/steg/:step", h.showApplicationStep)
	my.Post("/soknad/steg/:step", h.saveApplicationStep)
	my.PostFiles("/soknad/vedlegg", h.uploadAttachment)
	my.Get("/soknad/vedlegg/:file", h.downloadDraftFile)
	my.Post("/soknad/vedlegg/:file/slett", h.removeAttachment)
	my.Get("/soknad/oppsummering", h.showCheckAnswers)
	my.Post("/soknad/send", h.submitApplication)
	my.Post("/soknad/slett", h.deleteDraft)

	my.Get("/saker/:ref", h.showCase)
	my.Get("/saker/:ref/kvittering", h.showReceipt)
	my.Get("/saker/:ref/filer/:file", h.downloadCaseFile)
	my.Get("/saker/:ref/brev/:name", h.downloadLetter)
	my.Get("/saker/:ref/brev/:kind/:name", h.downloadLetter)
	my.PostFiles("/saker/:ref/dokumentasjon", h.uploadDocumentation)
	my.Post("/saker/:ref/dokumentasjon/kan-ikke", h.explainDocument)
	my.PostFiles("/saker/:ref/ettersend", h.sendFollowUp)
	my.Post("/saker/:ref/flytt-samtale", h.askToMoveMeeting)
	my.Get("/saker/:ref/samtale.ics", h.meetingCalendar)
	my.Post("/saker/:ref/trekk", h.withdrawCase)
	my.Get("/saker/:ref/klage", h.showAppealForm)
	my.Post("/saker/:ref/klage", h.saveAppealDraft)
	my.Get("/saker/:ref/klage/oppsummering", h.showAppealCheck)
	my.PostFiles("/saker/:ref/klage/vedlegg", h.uploadAppealFile)
	my.Post("/saker/:ref/klage/vedlegg/:file/slett", h.removeAppealFile)
	my.Post("/saker/:ref/klage/send", h.sendAppeal)
	my.Get("/saker/:ref/klage/:appeal", h.showAppeal)
	my.Get("/saker/:ref/klage/:appeal/kvittering", h.showAppealReceipt)
	my.Post("/saker/:ref/klage/:appeal/kommentar", h.commentOnAppeal)
	my.Post("/saker/:ref/klage/:appeal/trekk", h.withdrawAppeal)

	// The staff area, with its own session (loaded above).
	app.Get("/saksbehandler/logg-inn", h.showStaffLogin)
	app.Post("/saksbehandler/logg-inn", h.staffLoginLimiter(), h.staffLogin)
	app.Get("/saksbehandler/logg-inn/sso", h.startStaffSSO)
	app.Get("/saksbehandler/logg-inn/callback", h.staffSSOCallback)
	staff := loginRequired{app: app, check: h.requireStaff, uploads: &h.uploads}
	staff.Post("/saksbehandler/logg-ut", h.staffLogout)
	staff.Post("/saksbehandler/sesjon/forleng", h.extendStaffSession)
	staff.Get("/saksbehandler", h.showInbox)                                           // staff_inbox.go
	staff.Get("/saksbehandler/sok", h.showSearch)                                      // staff_search.go
	staff.Get("/saksbehandler/saker/:ref", h.showStaffCase)                            // staff_case.go, staffcase.templ
	staff.Get("/saksbehandler/saker/:ref/filer/:file", h.downloadStaffFile)            // staff_file.go
	staff.Get("/saksbehandler/saker/:ref/brev/:name", h.downloadStaffLetter)           // letters.go
	staff.Get("/saksbehandler/saker/:ref/brev/:kind/:name", h.downloadStaffLetter)     // letters.go
	staff.Get("/saksbehandler/saker/:ref/logg", h.showAuditLog)                        // staff_audit.go
	staff.Get("/saksbehandler/saker/:ref/klage/:appeal/pakke", h.downloadAppealBundle) // staff_appeal_bundle.go
	// Staff actions: one route and one file (staff_<action>.go) each; all
	// run through act (staff_action.go). Each file names its form (forms/),
	// its use case (usecase/); its form's template is in staffforms.templ
	// or staffappeal.templ, named after it.
	staff.Post("/saksbehandler/saker/:ref/ta", h.assignCase)                                   // staff_assign.go
	staff.Post("/saksbehandler/saker/:ref/notat", h.addNote)                                   // staff_note.go
	staff.Post("/saksbehandler/saker/:ref/samtale", h.bookMeeting)                             // staff_meeting.go
	staff.Post("/saksbehandler/saker/:ref/gjennomfort", h.markMeetingHeld)                     // staff_meeting_held.go
	staff.Post("/saksbehandler/saker/:ref/avslutt", h.closeConversation)                       // staff_close_conversation.go
	staff.Post("/saksbehandler/saker/:ref/dokumentasjon", h.requestDocuments)                  // staff_request_documents.go
	staff.Post("/saksbehandler/saker/:ref/forelopig-svar", h.sendInterimReply)                 // staff_interim_reply.go
	staff.Post("/saksbehandler/saker/:ref/vedtak", h.decideCase)                               // staff_decide.go
	staff.Post("/saksbehandler/saker/:ref/forleng", h.extendProgramme)                         // staff_extend.go
	staff.Post("/saksbehandler/saker/:ref/klage/:appeal/vurder", h.reassessAppeal)             // staff_appeal_reassess.go
	staff.Post("/saksbehandler/saker/:ref/klage/:appeal/forelopig-svar", h.sendAppealInterim)  // staff_appeal_interim.go
	staff.Post("/saksbehandler/saker/:ref/klage/:appeal/omgjor", h.reverseOnAppeal)            // staff_appeal_reverse.go
	staff.Post("/saksbehandler/saker/:ref/klage/:appeal/oppretthold", h.upholdOnAppeal)        // staff_appeal_uphold.go
	staff.Post("/saksbehandler/saker/:ref/klage/:appeal/avvis", h.dismissAppeal)               // staff_appeal_dismiss.go
	staff.Post("/saksbehandler/saker/:ref/klage/:appeal/oversend", h.forwardAppeal)            // staff_appeal_forward.go
	staff.PostFiles("/saksbehandler/saker/:ref/klage/:appeal/sf-resultat", h.recordBodyResult) // staff_appeal_body_result.go
	admin := loginRequired{app: app, uploads: &h.uploads, check: func(c *fiber.Ctx) error {
		if _, ok := c.Locals("staff").(auth.StaffIdentity); !ok {
			return h.requireStaff(c)
		}
		return h.requireAdmin(c)
	}}
	admin.Get("/saksbehandler/admin/kontorer", h.showAdminOffices)
	admin.Post("/saksbehandler/admin/kontorer", h.saveOffice)
	admin.Get("/saksbehandler/admin/satser", h.showAdminRates)
	admin.Post("/saksbehandler/admin/satser", h.addRate)
}

// loginRequired registers routes behind the login check.
type loginRequired struct {
	app   *fiber.App
	check fiber.Handler
	// uploads collects the routes that take files (PostFiles).
	uploads *uploadRoutes
}

func (l loginRequired) Get(path string, h fiber.Handler)  { l.app.Get(path, l.check, h) }
func (l loginRequired) Post(path string, h fiber.Handler) { l.app.Post(path, l.check, h) }

// PostFiles registers a form post that takes files: the only posts whose
// body may be larger than formBodyLimit (bodyLimit).
func (l loginRequired) PostFiles(path string, h fiber.Handler) {
	l.uploads.add(path)
	l.Post(path, h)
}
