package findings

// Notice is one unit's 公示 (附件2): its facts, approved vs actual, and its staff.
type Notice struct {
	UnitCode string
	UnitName string
	DeptCode string
	DeptName string
	Kind     string
	Funding  string
	Rank     string
	AsOf     string // YYYY-MM-DD
	Estab    EstabNumbers
	Posts    PostNumbers
	Outside  int
	Staff    []NoticePerson
}

// NoticePerson is one line of the staff list; the ID number is always masked on a notice board.
type NoticePerson struct {
	Name      string
	Gender    string
	IDNo      string
	EstabType string
	Status    string
	Post      string
	PostClass string
	EntryDate string
}

// UnitRef names a unit of a run and its department.
type UnitRef struct {
	Code, Name, DeptCode, DeptName string
}
