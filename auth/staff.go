package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Role is what a staff member may do.
type Role string

// Roles.
const (
	RoleCaseworker Role = "caseworker"
	RoleLead       Role = "lead"
	RoleAdmin      Role = "admin"
)

// ValidRole reports whether r is a known role.
func ValidRole(r Role) bool { return r == RoleCaseworker || r == RoleLead || r == RoleAdmin }

// StaffIdentity is a logged-in staff member.
type StaffIdentity struct {
	Email   string
	Name    string
	Role    Role
	Offices []string
	// Stamp ties the login to the password it was made with (see
	// PasswordStamp): a new password ends the sessions made with the old.
	Stamp string
	// MayHandleProtected is the permission to see the cases of persons
	// with a protected address (fortrolig or strengt fortrolig). It is
	// granted on the account or by a group, never by office or role.
	MayHandleProtected bool
}

// PasswordStamp is a short fingerprint of a password hash, kept in the
// staff session instead of the hash itself.
func PasswordStamp(hash string) string {
	sum := sha256.Sum256([]byte(hash))
	return hex.EncodeToString(sum[:8])
}

func init() { gob.Register(StaffIdentity{}) }

// CanSee reports whether the staff member works at the office.
func (s StaffIdentity) CanSee(office string) bool {
	for _, o := range s.Offices {
		if o == office {
			return true
		}
	}
	return false
}

// MaySeeCase reports whether the staff member may see a case at office
// whose person has the address protection protected ("" for none): they
// must work at the office and, for a protected address, have the
// permission for it.
func (s StaffIdentity) MaySeeCase(office, protected string) bool {
	return s.CanSee(office) && (protected == "" || s.MayHandleProtected)
}

// CanReadAudit reports whether the staff member may read a case's audit log.
func (s StaffIdentity) CanReadAudit() bool { return s.Role == RoleLead || s.Role == RoleAdmin }

// argon2id parameters (OWASP: m=19 MiB, t=2, p=1 is the minimum; we use
// more memory).
const (
	argonTime    = 2
	argonMemory  = 64 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// ErrBadHash is returned for a stored hash that cannot be read.
var ErrBadHash = errors.New("unreadable password hash")

// CheckPassword reports whether password matches the PHC-format hash.
func CheckPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrBadHash
	}
	var version int
	var mem, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &p); err != nil {
		return false, ErrBadHash
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return false, ErrBadHash
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil {
		return false, ErrBadHash
	}
	got := argon2.IDKey([]byte(password), salt, t, mem, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// NewPassword returns a random password of 20 characters for a new account.
func NewPassword() string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
