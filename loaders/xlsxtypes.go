package loaders

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// excelize's streaming reader gives each cell's value as a string, without its type, so a number
// the user typed (an ID number, 6.20402E+17) cannot be told from text holding the same digits.
// typeStream reads the same worksheet part beside it, keeping only each cell's type attribute and
// stored value; the two are matched by row and column number.

// rawCell is a cell as stored in the worksheet XML.
type rawCell struct {
	t string // the t attribute: "" or "n" for numbers, "s", "str", "inlineStr", "b", "e", "d"
	v string // the stored value (<v>)
}

func (c rawCell) numeric() bool { return c.t == "" || c.t == "n" }

// typeStream streams the rows of one worksheet part.
type typeStream struct {
	zr    *zip.ReadCloser
	rc    io.ReadCloser
	dec   *xml.Decoder
	row   int             // number of the row held in cells
	cells map[int]rawCell // by 1-based column
	held  bool
	last  int // number of the last row read
	done  bool
}

// openTypeStream finds the worksheet part of sheet and opens it.
func openTypeStream(abs, sheet string) (*typeStream, error) {
	zr, err := zip.OpenReader(abs)
	if err != nil {
		return nil, err
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))] = f
	}
	part, err := sheetPart(files, sheet)
	if err != nil {
		zr.Close()
		return nil, err
	}
	f := files[strings.ToLower(part)]
	if f == nil {
		zr.Close()
		return nil, errors.New("worksheet part " + part + " is missing")
	}
	rc, err := f.Open()
	if err != nil {
		zr.Close()
		return nil, err
	}
	return &typeStream{zr: zr, rc: rc, dec: xml.NewDecoder(rc)}, nil
}

func (s *typeStream) close() {
	if s == nil {
		return
	}
	s.rc.Close()
	s.zr.Close()
}

type xmlRel struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

func readXMLPart(files map[string]*zip.File, name string, v any) error {
	f := files[strings.ToLower(name)]
	if f == nil {
		return errors.New("part " + name + " is missing")
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, 64<<20)).Decode(v)
}

func resolveTarget(base, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join(path.Dir(base), target)
}

// sheetPart resolves a sheet name to its worksheet part through the package relationships.
func sheetPart(files map[string]*zip.File, sheet string) (string, error) {
	var rels struct {
		Rel []xmlRel `xml:"Relationship"`
	}
	wb := "xl/workbook.xml"
	if err := readXMLPart(files, "_rels/.rels", &rels); err == nil {
		for _, r := range rels.Rel {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wb = resolveTarget("", r.Target)
			}
		}
	}
	var book struct {
		Sheets []struct {
			Name string     `xml:"name,attr"`
			Attr []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := readXMLPart(files, wb, &book); err != nil {
		return "", err
	}
	id := ""
	for _, s := range book.Sheets {
		if s.Name == sheet {
			for _, a := range s.Attr {
				if a.Name.Local == "id" {
					id = a.Value
				}
			}
		}
	}
	rels.Rel = nil
	if err := readXMLPart(files, path.Join(path.Dir(wb), "_rels", path.Base(wb)+".rels"), &rels); err != nil {
		return "", err
	}
	for _, r := range rels.Rel {
		if r.ID == id && id != "" {
			return resolveTarget(wb, r.Target), nil
		}
	}
	return "", errors.New("sheet " + sheet + " has no worksheet part")
}

// cellsOf returns the stored cells of row n (nil when the row is not in the part). Rows are asked
// for in increasing order.
func (s *typeStream) cellsOf(n int) map[int]rawCell {
	if s == nil {
		return nil
	}
	for {
		if s.held {
			if s.row == n {
				return s.cells
			}
			if s.row > n {
				return nil
			}
			s.held = false
		}
		if s.done || !s.readRow() {
			s.done = true
			return nil
		}
	}
}

// readRow reads the next <row> element into cells. It uses RawToken: the worksheet's names need
// no namespace resolution, and this reader runs beside excelize's on every cell.
func (s *typeStream) readRow() bool {
	for {
		tok, err := s.dec.RawToken()
		if err != nil {
			return false
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			if ee, ok := tok.(xml.EndElement); ok && ee.Name.Local == "sheetData" {
				return false
			}
			continue
		}
		if se.Name.Local != "row" {
			continue
		}
		n := s.last + 1
		for _, a := range se.Attr {
			if a.Name.Local == "r" {
				if v, err := strconv.Atoi(a.Value); err == nil && v > 0 {
					n = v
				}
			}
		}
		s.last, s.row, s.held = n, n, true
		s.cells = map[int]rawCell{}
		col := 0
		for {
			tok, err := s.dec.RawToken()
			if err != nil {
				return true
			}
			switch el := tok.(type) {
			case xml.StartElement:
				if el.Name.Local != "c" {
					continue
				}
				col++
				var c rawCell
				for _, a := range el.Attr {
					switch a.Name.Local {
					case "r":
						if cn, _, err := excelize.CellNameToCoordinates(a.Value); err == nil {
							col = cn
						}
					case "t":
						c.t = a.Value
					}
				}
				c.v = readCellValue(s.dec)
				s.cells[col] = c
			case xml.EndElement:
				if el.Name.Local == "row" {
					return true
				}
			}
		}
	}
}

// readCellValue reads the children of a <c> element up to its end and returns the text of <v>.
func readCellValue(dec *xml.Decoder) string {
	var v []byte
	inV := false
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return string(v)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			inV = el.Name.Local == "v"
		case xml.CharData:
			if inV {
				v = append(v, el...)
			}
		case xml.EndElement:
			switch el.Name.Local {
			case "v":
				inV = false
			case "c":
				return string(v)
			}
		}
	}
}
