// Package auth keeps who is logged in: server-side sessions in MongoDB
// behind gorilla/sessions, the citizen's identity as a login gives it, and
// the development login's synthetic test persons.
package auth

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/gob"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"

	"kvp/register"
	"kvp/store"
)

// Identity is the logged-in citizen as an ID-porten login describes them:
// the national identity number (the pid claim), the name, and the assurance
// level (acr). The development login fills in the same fields, so the real
// OpenID Connect login can replace it without touching the handlers.
type Identity struct {
	NationalID string
	Name       string
	LoA        string
	AuthTime   time.Time
	// Protection is the person's address protection as the population
	// register gave it at the login (register.None for most people).
	Protection register.Protection
}

// Assurance levels as ID-porten names them.
const (
	LoASubstantial = "idporten-loa-substantial"
	LoAHigh        = "idporten-loa-high"
)

func init() {
	gob.Register(Identity{})
	gob.Register(time.Time{})
}

// MongoStore is a gorilla/sessions Store that keeps session values in
// MongoDB; the cookie carries only the session id and when the session
// was last used, signed. A session ends after IdleTimeout without a
// request, and AbsoluteTimeout after its login whatever happens.
//
// Keeping the moment of last use in the signed cookie means that a page
// view writes nothing to the database: the record is written only when the
// session's values change (a login, a language choice), and the idle
// timeout is extended by a new cookie (Touch). Logging out deletes the
// record, so a copied cookie is worthless afterwards.
type MongoStore struct {
	st              *store.Store
	codecs          []securecookie.Codec
	Options         *sessions.Options
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	Now             func() time.Time

	decoded struct {
		mu sync.Mutex
		m  map[string]map[any]any
	}
}

// DefaultAbsoluteTimeout is how long a session lasts at most after its
// login, however active it is.
const DefaultAbsoluteTimeout = 8 * time.Hour

// NewMongoStore returns a store signing cookies with hashKey (at least 32
// bytes). secure sets the cookie's Secure flag (production).
func NewMongoStore(st *store.Store, hashKey []byte, secure bool, idle time.Duration) *MongoStore {
	m := &MongoStore{
		st:     st,
		codecs: cookieCodecs(hashKey),
		Options: &sessions.Options{
			Path:     "/",
			HttpOnly: true,
			Secure:   secure,
			SameSite: http.SameSiteLaxMode,
		},
		IdleTimeout:     idle,
		AbsoluteTimeout: DefaultAbsoluteTimeout,
		Now:             time.Now,
	}
	m.decoded.m = map[string]map[any]any{}
	return m
}

// cookieCodecs signs session cookies with hashKey. The cookie's value is
// encoded as JSON: gob, the library's default, compiles its types again
// for every cookie it reads, which cost more than the rest of reading a
// session from memory.
func cookieCodecs(hashKey []byte) []securecookie.Codec {
	codecs := securecookie.CodecsFromPairs(hashKey)
	for _, c := range codecs {
		if sc, ok := c.(*securecookie.SecureCookie); ok {
			sc.SetSerializer(securecookie.JSONEncoder{})
		}
	}
	return codecs
}

// cookieValue is what the session cookie carries, signed.
type cookieValue struct {
	ID      string
	Touched int64 // unix seconds of the last request that extended it
}

// Get returns the session called name for the request (see New).
func (m *MongoStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(m, name)
}

// New returns the request's session if its cookie is valid and the session
// has not expired, or a new empty session otherwise. A bad or expired
// cookie is not an error: the person simply is not logged in.
func (m *MongoStore) New(r *http.Request, name string) (*sessions.Session, error) {
	s := sessions.NewSession(m, name)
	opts := *m.Options
	s.Options = &opts
	s.IsNew = true
	c, err := r.Cookie(name)
	if err != nil {
		return s, nil
	}
	var cv cookieValue
	if err := securecookie.DecodeMulti(name, c.Value, &cv, m.codecs...); err != nil {
		return s, nil
	}
	s.Values[cookieIDKey] = cv.ID
	touched := time.Unix(cv.Touched, 0)
	if !m.Now().Before(touched.Add(m.IdleTimeout)) {
		return s, nil // idle too long
	}
	id := cv.ID
	rec, err := m.st.Session(r.Context(), id, m.Now())
	if errors.Is(err, store.ErrNotFound) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	values, err := m.decode(rec.Data)
	if err != nil {
		return s, nil
	}
	for k, v := range values {
		s.Values[k] = v
	}
	s.ID = id
	s.IsNew = false
	s.Values[touchedKey] = touched
	s.Values[expiresKey] = rec.ExpiresAt
	return s, nil
}

const (
	touchedKey  = "_touched"
	expiresKey  = "_expires"
	cookieIDKey = "_cookieID"
)

// CookieID is the session id the browser's cookie names: the session's
// id, or, for a session that ended (idle or logged out elsewhere), the id
// it had. Form tokens are bound to it, so that a form posted after the
// session ended reaches the login check instead of failing as forged.
func CookieID(s *sessions.Session) string {
	if s == nil {
		return ""
	}
	if s.ID != "" {
		return s.ID
	}
	id, _ := s.Values[cookieIDKey].(string)
	return id
}

// Save writes the session to the database and sets its cookie; a session
// with MaxAge < 0 is deleted and its cookie cleared.
func (m *MongoStore) Save(r *http.Request, w http.ResponseWriter, s *sessions.Session) error {
	ctx := r.Context()
	if s.Options.MaxAge < 0 {
		if s.ID != "" {
			if err := m.st.DeleteSession(ctx, s.ID); err != nil {
				return err
			}
		}
		http.SetCookie(w, sessions.NewCookie(s.Name(), "", s.Options))
		return nil
	}
	now := m.Now()
	expires, _ := s.Values[expiresKey].(time.Time)
	if s.ID == "" || expires.IsZero() {
		s.ID = newSessionID()
		expires = now.Add(m.AbsoluteTimeout)
	}
	values := make(map[any]any, len(s.Values))
	for k, v := range s.Values {
		if k != touchedKey && k != expiresKey && k != cookieIDKey {
			values[k] = v
		}
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(values); err != nil {
		return err
	}
	rec := &store.SessionRecord{ID: s.ID, Data: buf.Bytes(), ExpiresAt: expires, UpdatedAt: now}
	if err := m.st.SaveSession(ctx, rec); err != nil {
		return err
	}
	s.Values[expiresKey] = expires
	return m.Touch(w, s)
}

// Touch extends the session's idle timeout by sending a new cookie,
// without writing to the database. A session without a stored record
// (nothing saved yet) is left alone.
func (m *MongoStore) Touch(w http.ResponseWriter, s *sessions.Session) error {
	if s.ID == "" {
		return nil
	}
	now := m.Now()
	encoded, err := securecookie.EncodeMulti(s.Name(), cookieValue{ID: s.ID, Touched: now.Unix()}, m.codecs...)
	if err != nil {
		return err
	}
	s.Values[touchedKey] = now
	http.SetCookie(w, sessions.NewCookie(s.Name(), encoded, s.Options))
	return nil
}

// decode returns the session values stored as data. Decoding gob costs
// more than the rest of reading a session (it compiles the types every
// time), so the values of recently read sessions are kept by their
// encoded form; the values are plain data (identities, strings, times)
// and each request gets its own copy of the map.
func (m *MongoStore) decode(data []byte) (map[any]any, error) {
	key := string(data)
	m.decoded.mu.Lock()
	v, ok := m.decoded.m[key]
	m.decoded.mu.Unlock()
	if ok {
		return v, nil
	}
	values := map[any]any{}
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&values); err != nil {
		return nil, err
	}
	m.decoded.mu.Lock()
	if len(m.decoded.m) >= decodedMax {
		for k := range m.decoded.m { // drop one at random
			delete(m.decoded.m, k)
			break
		}
	}
	m.decoded.m[key] = values
	m.decoded.mu.Unlock()
	return values, nil
}

// decodedMax bounds how many sessions' decoded values are kept.
const decodedMax = 4096

// Touched returns when the session was last saved.
func Touched(s *sessions.Session) time.Time {
	t, _ := s.Values[touchedKey].(time.Time)
	return t
}

// Discard deletes the session's server-side record, for logging in afresh
// (a new id) or logging out.
func (m *MongoStore) Discard(ctx context.Context, s *sessions.Session) error {
	if s.ID == "" {
		return nil
	}
	err := m.st.DeleteSession(ctx, s.ID)
	s.ID = ""
	s.Values = map[any]any{}
	return err
}

func newSessionID() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// CurrentIdentity returns the logged-in person of a session, if any.
func CurrentIdentity(s *sessions.Session) (Identity, bool) {
	if s == nil {
		return Identity{}, false
	}
	id, ok := s.Values["identity"].(Identity)
	return id, ok && id.NationalID != ""
}

// SetIdentity records a login in the session.
func SetIdentity(s *sessions.Session, id Identity) {
	s.Values["identity"] = id
}

// CurrentStaffIdentity returns the staff member of a staff session, if any.
func CurrentStaffIdentity(s *sessions.Session) (StaffIdentity, bool) {
	if s == nil {
		return StaffIdentity{}, false
	}
	id, ok := s.Values["staff"].(StaffIdentity)
	return id, ok && id.Email != ""
}

// SetStaffIdentity records a staff login in the session.
func SetStaffIdentity(s *sessions.Session, id StaffIdentity) {
	s.Values["staff"] = id
}
