//go:build !unix

package output

// lock does nothing where folders cannot be locked.
func lock(string) (func(), error) { return func() {}, nil }

// abandoned cannot tell, and says no: leftovers stay.
func abandoned(string) bool { return false }
