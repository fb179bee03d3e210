package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Table is a spreadsheet: a heading row and data rows. Rows[i] is the
// spreadsheet's row Lines[i] (the heading is row 1).
type Table struct {
	Header []string
	Rows   [][]string
	Lines  []int
}

// DefaultMaxUnzip is how many bytes an XLSX file may hold once unzipped,
// unless ReadOptions says otherwise: ten times a 10,000-row export with
// long HTML bodies, and a small part of any machine's memory.
const DefaultMaxUnzip = 128 << 20

// ReadOptions configures reading a spreadsheet.
type ReadOptions struct {
	// MaxUnzip bounds the bytes an XLSX file may unzip to, all its parts
	// together; 0 means DefaultMaxUnzip.
	MaxUnzip int64
}

// ReadTable reads a .csv (UTF-8 with or without a byte order mark, or
// GB18030/GBK as older Chinese Excel saves it) or an .xlsx (its first sheet).
// It returns ctx's error as soon as ctx is done.
func ReadTable(ctx context.Context, name string, opts ReadOptions) (*Table, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".txt":
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		return ParseCSV(data)
	case ".xlsx", ".xlsm":
		return readXLSX(ctx, name, opts)
	}
	return nil, fmt.Errorf("%s: not a .csv or .xlsx file", name)
}

// ParseCSV reads CSV bytes.
func ParseCSV(data []byte) (*Table, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("neither UTF-8 nor GB18030: %w", err)
		}
		data = d
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	return collect(r.Read, false)
}

// xlsxTable reads the first sheet of f, above whose heading blank rows
// may stand. It returns ctx's error if ctx is done between rows.
func xlsxTable(ctx context.Context, f *excelize.File) (*Table, error) {
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("no sheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	t, err := collect(func() ([]string, error) {
		if !rows.Next() {
			return nil, io.EOF
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return rows.Columns(excelize.Options{RawCellValue: true})
	}, true)
	if err != nil {
		return nil, err
	}
	return t, rows.Error()
}

// collect makes a table of the rows that next reads, one a call, until
// io.EOF: the first row is the heading (with skipBlank, the first that is
// not blank), and blank rows below it are left out.
func collect(next func() ([]string, error), skipBlank bool) (*Table, error) {
	t := &Table{}
	n := 0
	for {
		rec, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		n++
		if t.Header == nil {
			if !skipBlank || !blank(rec) {
				t.Header = rec
			}
			continue
		}
		if !blank(rec) {
			t.Rows = append(t.Rows, rec)
			t.Lines = append(t.Lines, n)
		}
	}
	if t.Header == nil {
		return nil, fmt.Errorf("no heading row")
	}
	return t, nil
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
