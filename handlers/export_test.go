package handlers

// What the external tests (package handlers_test) read of the staff
// actions' registrations.

// RegisteredAction is what a staff action's registration says.
type RegisteredAction struct{ Done, Audited string }

// StaffActionForTest returns the registration of the staff action name.
func StaffActionForTest(name string) (RegisteredAction, bool) {
	a, ok := staffActions[name]
	return RegisteredAction{Done: a.Done, Audited: a.Audited}, ok
}

// StaffActionCountForTest is how many staff actions are registered.
func StaffActionCountForTest() int { return len(staffActions) }

// AuditMessageForTest is the audit log's message id for action.
func AuditMessageForTest(action string) string { return auditMessage(action) }
