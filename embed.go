// Package gongkai holds the files built into the gongkai binary: the
// default layouts, the static files every site gets, and the example
// catalogue that `gongkai init` writes out.
package gongkai

import (
	"embed"
	"io/fs"
)

//go:embed layouts
var layouts embed.FS

//go:embed static
var static embed.FS

//go:embed content
var example embed.FS

// Layouts are the built-in html/template layouts.
func Layouts() fs.FS { return sub(layouts, "layouts") }

// Static are the built-in static files (CSS, scripts, images).
func Static() fs.FS { return sub(static, "static") }

// Example is the bundled example catalogue.
func Example() fs.FS { return sub(example, "content") }

func sub(f embed.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return s
}
