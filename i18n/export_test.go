package i18n

import goi18n "github.com/nicksnyder/go-i18n/v2/i18n"

// GoI18n translates id through go-i18n alone, for comparison.
func (l *Localizer) GoI18n(id string, args ...any) string {
	data := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		data[args[i].(string)] = args[i+1]
	}
	s, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return "error: " + err.Error()
	}
	return s
}
