import os, sys, copy, shutil
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from idgen import mkid, credit

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'rules')

UNITS = ['单位代码','单位名称','机构类别','主管部门代码','经费形式','机构规格','加挂牌子']
UKEYS = ['code','name','kind','parent','funding','rank','plates']
LEDGER = ['单位代码','单位名称','批准文号','批准日期','事项','机构类别','经费形式','机构规格','牌子名称','上级单位代码',
          '行政编制','政法专项编制','事业编制(全额拨款)','事业编制(差额拨款)','事业编制(经费自理)','工勤编制','机关其他编制',
          '部门领导正职','部门领导副职','部门其他领导','内设机构领导','主任科员','副主任科员']
LKEYS = ['code','name','doc','date','event','kind','funding','rank','plate','parent',
         'admin','politics_law','inst_full','inst_partial','inst_self','service','other',
         'lead_chief','lead_deputy','lead_other','lead_internal','nonlead_principal','nonlead_deputy']
STAFF = ['身份证号','姓名','性别','出生日期','单位代码','内设机构','编制类型','人员状态','职务','职务类别','进入本单位时间','离开本单位时间']
SKEYS = ['id','name','gender','birth','unit','internal','estab','status','post','post_class','entry','exit']
PAY = ['发放年月','单位代码','身份证号','姓名','银行账号','应发工资','实发工资']
PKEYS = ['month','unit','id','name','account','gross','net']
IDENT = ['身份证号','姓名','性别','出生日期','户籍状态','状态日期']
IKEYS = ['id','name','gender','birth','hukou','status_date']

def person(name, birth, seq, gender):
    return dict(id=mkid(birth.replace('-',''), seq), name=name, gender=gender, birth=birth)

P = {
 'zhangwei': person('张伟','1970-03-15',11,'男'),
 'lina':     person('李娜','1980-05-20',22,'女'),
 'wangqiang':person('王强','1985-07-07',33,'男'),
 'zhaomin':  person('赵敏','1990-09-09',44,'女'),
 'sunli':    person('孙丽','1995-01-01',46,'女'),
 'zhoujie':  person('周杰','1988-02-02',55,'男'),
 'wufang':   person('吴芳','1992-12-12',66,'女'),
 'zhengtao': person('郑涛','1975-04-04',77,'男'),
 'fengjing': person('冯静','1983-08-08',88,'女'),
}

MONTHS = ['2025-01','2025-02','2025-03']

def base():
    units = [
        dict(code='D01', name='白银区财政局', kind='行政机构', parent='', funding='全额拨款', rank='正科级', plates=''),
        dict(code='D01A', name='白银区财政局会计核算中心', kind='事业单位', parent='D01', funding='全额拨款', rank='股级', plates=''),
        dict(code='D02', name='白银区教育局', kind='行政机构', parent='', funding='全额拨款', rank='正科级', plates=''),
    ]
    ledger = [
        dict(code='D01', name='白银区财政局', doc='白区编发〔2010〕1号', date='2010-03-01', event='设立', kind='行政机构', funding='全额拨款', rank='正科级',
             admin=3, service=1, lead_chief=1, lead_deputy=1, lead_internal=1, nonlead_principal=1),
        dict(code='D01A', name='白银区财政局会计核算中心', doc='白区编发〔2012〕5号', date='2012-05-01', event='设立', kind='事业单位', funding='全额拨款', rank='股级',
             parent='D01', inst_full=2),
        dict(code='D02', name='白银区教育局', doc='白区编发〔2010〕2号', date='2010-03-01', event='设立', kind='行政机构', funding='全额拨款', rank='正科级',
             admin=2, lead_chief=1),
    ]
    def st(p, unit, estab, status='在岗', post='', pc='', entry='2015-01-01', exit=''):
        q = P[p]
        return dict(id=q['id'], name=q['name'], gender=q['gender'], birth=q['birth'], unit=unit, estab=estab, status=status,
                    post=post, post_class=pc, entry=entry, exit=exit)
    staff = [
        st('zhangwei','D01','行政编制', post='局长', pc='部门领导正职'),
        st('lina','D01','行政编制', post='副局长', pc='部门领导副职'),
        st('wangqiang','D01','行政编制', post='科长', pc='内设机构领导'),
        st('zhaomin','D01','工勤编制'),
        st('sunli','D01','编外'),
        st('zhoujie','D01A','事业编制(全额拨款)'),
        st('wufang','D01A','事业'),
        st('zhengtao','D02','行政编制', post='局长', pc='部门领导正职'),
        st('fengjing','D02','行政编制'),
    ]
    pay = []
    gross = {'zhangwei':600000,'lina':550000,'wangqiang':500000,'zhaomin':300000,'sunli':250000,'zhoujie':450000,'wufang':400000,'zhengtao':600000,'fengjing':480000}
    acct = {k: '62170000%08d' % (i+1) for i,k in enumerate(P)}
    for m in MONTHS:
        for s in staff:
            k = [k for k,v in P.items() if v['id']==s['id']][0]
            pay.append(dict(month=m, unit=s['unit'], id=s['id'], name=s['name'], account=acct[k], gross=gross[k], net=gross[k]*8//10))
    ident = [dict(id=v['id'], name=v['name'], gender=v['gender'], birth=v['birth'], hukou='正常') for v in P.values()]
    return dict(units=units, ledger=ledger, staff=staff, payroll=pay, identity=ident, toml='')

def yuan(fen):
    return '%d.%02d' % (fen//100, fen%100)

def fmt(v, key):
    if v is None: return ''
    if key in ('gross','net') and isinstance(v, int): return yuan(v)
    return str(v)

def write_csv(path, header, keys, rows):
    import csv
    with open(path, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        for r in rows:
            w.writerow([fmt(r.get(k), k) for k in keys])

def write_case(name, d, comment, expected=None):
    dd = os.path.join(ROOT, name, 'drop')
    if os.path.exists(dd): shutil.rmtree(dd)
    os.makedirs(dd)
    if d.get('units') is not None: write_csv(os.path.join(dd,'units.csv'), UNITS, UKEYS, d['units'])
    if d.get('ledger') is not None: write_csv(os.path.join(dd,'ledger.csv'), LEDGER, LKEYS, d['ledger'])
    if d.get('staff') is not None: write_csv(os.path.join(dd,'staff.csv'), STAFF, SKEYS, d['staff'])
    if d.get('payroll') is not None: write_csv(os.path.join(dd,'payroll.csv'), PAY, PKEYS, d['payroll'])
    if d.get('identity') is not None: write_csv(os.path.join(dd,'identity.csv'), IDENT, IKEYS, d['identity'])
    if d.get('toml'): open(os.path.join(dd,'hecha.toml'),'w').write(d['toml'])
    for extra in ('ledger2','ledger3'):
        if d.get(extra) is not None: write_csv(os.path.join(dd, extra+'.csv'), LEDGER, LKEYS, d[extra])
    if d.get('split'):
        for k, (h, ks) in {'units':(UNITS,UKEYS),'ledger':(LEDGER,LKEYS),'staff':(STAFF,SKEYS),'payroll':(PAY,PKEYS),'identity':(IDENT,IKEYS)}.items():
            os.remove(os.path.join(dd, k+'.csv'))
            rows = d[k]; half = len(rows)//2
            os.makedirs(os.path.join(dd,'b'), exist_ok=True); os.makedirs(os.path.join(dd,'a'), exist_ok=True)
            write_csv(os.path.join(dd,'b',k+'.csv'), h, ks, rows[:half])
            write_csv(os.path.join(dd,'a',k+'_2.csv'), h, ks, rows[half:])
    ep = os.path.join(ROOT, name, 'expected.csv')
    lines = ['# ' + l for l in comment.strip().split('\n')]
    lines.append('rule,unit_code,subject,count,amount')
    for e in sorted(expected or [], key=lambda e: (e[0], e[1], e[2])):
        lines.append(','.join(str(x) for x in e))
    open(ep,'w').write('\n'.join(lines)+'\n')

CASES = {}
def case(fn):
    CASES[fn.__name__] = fn
    return fn

@case
def clean():
    d = base()
    return d, "The base district: two departments, one affiliated institution, three pay months, nothing wrong.\nNo rule fires.", []


def add_person(d, key, name, birth, seq, gender, unit=None, estab=None, status='在岗', pc='', entry='2015-01-01', exit='',
               months=None, gross=100000, account=None, ident=True, pay_unit=None):
    p = person(name, birth, seq, gender)
    assert (seq % 2 == 1) == (gender == '男'), (name, seq, gender)
    P[key] = p
    if unit:
        d['staff'].append(dict(id=p['id'], name=name, gender=gender, birth=birth, unit=unit, estab=estab, status=status,
                               post_class=pc, entry=entry, exit=exit))
    for m in (MONTHS if months is None else months):
        d['payroll'].append(dict(month=m, unit=pay_unit or unit, id=p['id'], name=name, account=account or ('6228%012d' % seq), gross=gross, net=gross*8//10))
    if ident and d.get('identity') is not None:
        d['identity'].append(dict(id=p['id'], name=name, gender=gender, birth=birth, hukou='正常'))
    return p['id']

def find(rows, **kw):
    return [r for r in rows if all(r.get(k) == v for k, v in kw.items())]

def pid(k): return P[k]['id']

@case
def units():
    d = base()
    d['units'] += [
        dict(code='X01', name='白银区某某协会办公室', kind='行政机构', funding='全额拨款', rank='正县级'),
        dict(code='R01', name='白银区粮食局', kind='行政机构', funding='全额拨款', rank='正科级'),
        dict(code='F01', name='白银区少年宫', kind='事业单位', parent='D02', funding='经费自理', rank='股级'),
        dict(code='F02', name='白银区图书馆', kind='事业单位', parent='D02', funding='全额拨款', rank='股级'),
        dict(code='L01', name='白银区新区管理办公室', kind='开发区管理机构', funding='全额拨款'),
    ]
    find(d['units'], code='D02')[0].update(rank='副县级', plates='白银区语言文字工作委员会办公室；白银区教育督导室；白银区招生办')
    find(d['units'], code='D01A')[0].update(name='白银区财政局国库集中支付中心')
    d['ledger'] += [
        dict(code='R01', name='白银区粮食局', doc='白区编发〔2011〕3号', date='2011-04-01', event='设立', kind='行政机构', funding='全额拨款', rank='正科级', admin=3),
        dict(code='R01', doc='白区编发〔2024〕9号', date='2024-06-30', event='撤销'),
        dict(code='F01', name='白银区少年宫', doc='白区编发〔2013〕2号', date='2013-02-01', event='设立', kind='事业单位', funding='差额拨款', rank='股级', parent='D02', inst_partial=3),
        dict(code='F01', doc='白区编发〔2020〕6号', date='2020-06-01', event='类别调整', funding='全额拨款', inst_partial=-3, inst_full=3),
        dict(code='F02', name='白银区图书馆', doc='白区编发〔2013〕3号', date='2013-02-01', event='设立', kind='事业单位', funding='差额拨款', rank='股级', parent='D02', inst_partial=2),
        dict(code='F02', doc='白区编发〔2020〕7号', date='2020-06-01', event='经费形式调整', funding='全额拨款'),
        dict(code='D02', doc='白区编发〔2015〕8号', date='2015-08-01', event='加挂牌子', nameplate='白银区语言文字工作委员会办公室', plate='白银区语言文字工作委员会办公室'),
        dict(code='D02', doc='白区编发〔2015〕9号', date='2015-08-01', event='加挂牌子', plate='白银区教育督导室'),
        dict(code='D02', doc='白区编发〔2020〕1号', date='2020-01-10', event='撤销牌子', plate='白银区教育督导室'),
        dict(code='O01', doc='白区编发〔2016〕4号', date='2016-04-01', event='编制调整', admin=2),
        dict(code='L01', name='白银区新区管理办公室', doc='白区编发〔2025〕15号', date='2025-06-01', event='设立', kind='开发区管理机构', funding='全额拨款', admin=5),
    ]
    add_person(d, 'chenchen', '陈晨', '1991-03-03', 102, '女', months=['2025-03'], gross=300000, pay_unit='X02')
    add_person(d, 'lisi', '李四', '1979-09-19', 103, '男', unit='R01', estab='行政编制', exit='2024-12-31', months=['2025-01'], gross=350000)
    return d, """Unit rules. X01 is in the units table only and L01 is set up after as_of: unit.unapproved, and no
form/name/rank rule for them. X02 appears only in payroll: unit.unapproved (and payroll.not_registered).
R01 was revoked on 2024-06-30 but is still in the units table, had staff after it and paid 2025-01:
unit.revoked_active once (its person also gets after_exit and not_registered).
F01's approved funding (类别调整 2020) is 全额拨款 but it runs as 经费自理: unit.form_changed; F02 went
through the same 类别调整 and matches: nothing. D02 uses three nameplates: one approved, one withdrawn by
撤销牌子, one never approved (two findings); its rank 副县级 is above the approved 正科级. D01A uses a
name that no 更名 approved. O01's only event is an orphan 编制调整 (no unit.unapproved: it appears in the
ledger only).""", [
        ('ledger.orphan_event','O01','白区编发〔2016〕4号',1,''),
        ('payroll.after_exit','R01',pid('lisi'),1,'3500.00'),
        ('payroll.not_registered','R01',pid('lisi'),1,'3500.00'),
        ('payroll.not_registered','X02',pid('chenchen'),1,'3000.00'),
        ('unit.form_changed','F01','F01',1,''),
        ('unit.nameplate_unapproved','D02','白银区招生办',1,''),
        ('unit.nameplate_unapproved','D02','白银区教育督导室',1,''),
        ('unit.rank_raised','D02','D02',1,''),
        ('unit.renamed','D01A','D01A',1,''),
        ('unit.revoked_active','R01','R01',1,''),
        ('unit.unapproved','L01','L01',1,''),
        ('unit.unapproved','X01','X01',1,''),
        ('unit.unapproved','X02','X02',1,''),
    ]

@case
def lookalikes():
    d = base()
    d['toml'] = '[params]\nregion_prefixes = ["白银市白银区", "白银区", "区"]\n'
    # (a) paid in the month of death
    add_person(d, 'qianlao', '钱老', '1968-06-06', 121, '男', unit='D02', estab='编外', gross=200000)
    find(d['identity'], id=pid('qianlao'))[0].update(hukou='死亡', status_date='2025-03-10')
    # (b) transfer month: 冯静 leaves D02 on 2025-02-15, joins D01A on 2025-02-16; each unit pays its months
    find(d['staff'], id=pid('fengjing'))[0].update(exit='2025-02-15')
    d['staff'].append(dict(id=pid('fengjing'), name='冯静', gender='女', birth='1983-08-08', unit='D01A', estab='事业编制(全额拨款)', status='在岗', entry='2025-02-16'))
    for r in find(d['payroll'], id=pid('fengjing'), month='2025-03'):
        r['unit'] = 'D01A'
    d['ledger'].append(dict(code='D01A', doc='白区编发〔2025〕1号', date='2025-02-01', event='编制调整', inst_full=1))
    # (c) seconded staff paid by the home unit
    find(d['staff'], id=pid('wangqiang'))[0].update(status='借调')
    # (d) an approved 更名, names equal after width/space folding and region prefixes
    d['ledger'].append(dict(code='D01A', name='白银区财政局国库集中支付中心', doc='白区编发〔2020〕2号', date='2020-02-01', event='更名'))
    find(d['units'], code='D01A')[0].update(name='白银区财政局国库集中支付中心')
    find(d['units'], code='D01')[0].update(name='白银市白银区财政局')
    find(d['units'], code='D02')[0].update(name='白银区 教育局（本级）')
    d['ledger'].append(dict(code='D02', name='白银区教育局(本级)', doc='白区编发〔2019〕1号', date='2019-01-01', event='名称变更'))
    # (e) 撤销牌子 then a new 加挂牌子 of the same name
    find(d['units'], code='D01')[0].update(plates='白银区国库支付局')
    d['ledger'] += [
        dict(code='D01', doc='白区编发〔2012〕1号', date='2012-01-01', event='加挂牌子', plate='白银区国库支付局'),
        dict(code='D01', doc='白区编发〔2018〕1号', date='2018-01-01', event='摘牌', plate='白银区国库支付局'),
        dict(code='D01', doc='白区编发〔2021〕1号', date='2021-01-01', event='挂牌', plate='白银区国库支付局'),
    ]
    # (f) retirement month is the pay month: born 1965-02 retires at 60y1m = 2025-03
    add_person(d, 'laoliu', '刘老', '1965-02-10', 131, '男', unit='D02', estab='行政编制', gross=500000)
    # (g) a second registration as 编外 does not make 一人多编
    d['staff'].append(dict(id=pid('zhoujie'), name='周杰', gender='男', birth='1988-02-02', unit='D02', estab='编外', status='在岗'))
    # (h) 在岗 but entered after the first of the last 3 months; on long sick leave: not staff.not_paid
    add_person(d, 'newbie', '新人', '1999-09-09', 142, '女', unit='D01', estab='编外', entry='2025-02-01', months=[])
    add_person(d, 'sick', '病休', '1977-07-17', 151, '男', unit='D01', estab='编外', status='长期病休', months=[])
    # (i) 停薪留职 and not paid in the as-of month
    find(d['staff'], id=pid('zhaomin'))[0].update(status='停薪留职')
    d['payroll'] = [r for r in d['payroll'] if not (r['id'] == pid('zhaomin') and r['month'] == '2025-03')]
    # (k) the same person twice on one account in one month (a bonus row)
    d['payroll'].append(dict(month='2025-01', unit='D01', id=pid('zhangwei'), name='张伟', account='6217000000000001', gross=100000, net=80000))
    # (m) a count negative in the middle of the fold but not on as_of
    d['ledger'] += [
        dict(code='D02', doc='白区编发〔2016〕5号', date='2016-05-01', event='编制调整', admin=-3),
        dict(code='D02', doc='白区编发〔2017〕5号', date='2017-05-01', event='核定编制', admin=3),
    ]
    return d, """What the rules must not do (rules.md): pay in the month of death; a transfer month paid by each unit
for the part of the month the person was in it; 借调 staff paid by their home unit; an approved 更名
and names equal after width folding, spaces, punctuation and the configured region prefixes; a 撤销牌子
followed by a new 加挂牌子 of the same name; pay in the retirement month itself; a second registration
as 编外; 在岗 staff who entered after the window, or not 在岗; 停薪留职 not paid in the as-of month; one
person paid twice on one account; a count negative only in the middle of the fold.
No rule fires.""", []

@case
def establishment():
    d = base()
    add_person(d, 'qian1', '钱一', '1981-01-01', 201, '男', unit='D01', estab='行政编制', pc='部门领导副职')
    add_person(d, 'qian2', '钱二', '1982-02-02', 202, '女', unit='D01', estab='行政编制', pc='内设机构领导')
    add_person(d, 'qian3', '钱三', '1983-03-03', 203, '男', unit='D01', estab='行政编制', exit='2024-12-31', months=[])
    add_person(d, 'qian4', '钱四', '1984-04-04', 204, '女', unit='D01A', estab='事业编制', pc='副主任科员')
    add_person(d, 'qian5', '钱五', '1985-05-05', 205, '男', unit='N02', estab='事业编制')
    add_person(d, 'qian6', '钱六', '1986-06-06', 206, '女', unit='N02', estab='事业')
    add_person(d, 'qian7', '钱七', '1987-07-07', 207, '男', unit='D02', estab='工勤编制')
    add_person(d, 'qian8', '钱八', '1988-08-08', 208, '女', unit='D02', estab='行政编制', pc='部门其他领导')
    d['ledger'] += [
        dict(code='N02', name='白银区教育局教研室', doc='白区编发〔2014〕6号', date='2014-06-01', event='设立', kind='事业单位', funding='差额拨款', rank='股级', parent='D02', inst_partial=1),
        dict(code='D02', doc='白区编发〔2020〕3号', date='2020-03-01', event='编制调整', service=-1),
        dict(code='D02', doc='白区编发〔2021〕4号', date='2021-04-01', event='编制调整', admin=1),
        dict(code='D01', doc='白区编发〔2025〕20号', date='2025-06-01', event='编制调整', admin=5),
    ]
    return d, """Establishment and posts on as_of 2025-03-31. D01: 行政编制 approved 3, 5 in service (钱三 left on
2024-12-31; an approval of +5 dated after as_of is ignored): excess 2; two 部门领导副职 and two 内设机构领导
for one post each. D01A: the legacy 事业编制 of 钱四 resolves with the unit's funding to 事业编制(全额拨款):
3 for 2; 钱四's 副主任科员 has no approved post. N02 is not in the units table: its two legacy 事业 staff
resolve with the approved funding 差额拨款: 2 for 1. D02: 工勤编制 folded to -1 (ledger.negative) and
compared as 0; 部门其他领导 never approved; 行政编制 3 for 3 after a +1 (nothing). 编外 is never compared.""", [
        ('ledger.negative','D02','工勤编制',1,''),
        ('posts.over_internal_leaders','D01','内设机构领导',1,''),
        ('posts.over_leaders','D01','部门领导副职',1,''),
        ('posts.over_leaders','D02','部门其他领导',1,''),
        ('posts.over_nonleader','D01A','副主任科员',1,''),
        ('staff.over_establishment','D01','行政编制',2,''),
        ('staff.over_establishment','D01A','事业编制(全额拨款)',1,''),
        ('staff.over_establishment','D02','工勤编制',1,''),
        ('staff.over_establishment','N02','事业编制(差额拨款)',1,''),
    ]

def payroll_case():
    d = base()
    add_person(d, 'huang1', '黄一', '1990-10-10', 301, '男', gross=200000, pay_unit='D02')
    find(d['identity'], id=pid('zhengtao'))[0].update(hukou='死亡', status_date='2025-01-20')
    find(d['staff'], id=pid('fengjing'))[0].update(exit='2025-01-31')
    d['payroll'].append(dict(month='2025-03', unit='D01', id=pid('zhoujie'), name='周杰', account='6217000000000006', gross=100000, net=80000))
    find(d['staff'], id=pid('zhaomin'))[0].update(status='停薪留職'.replace('職','职'))
    acct = find(d['payroll'], id=pid('lina'), month='2025-02')[0]['account']
    find(d['payroll'], id=pid('wufang'), month='2025-02')[0].update(account=acct)
    return d

@case
def payroll():
    d = payroll_case()
    return d, """Ghost payroll (吃空饷). D02 pays 黄一, who is in no registry: not_registered 3 months. 郑涛 died on
2025-01-20: after_death for February and March, not January. 冯静 left D02 on 2025-01-31 and D02 still
pays her: after_exit and not_registered for February and March. 周杰 is paid by D01A and, in March, by
D01 too: multi_unit for each paying unit with that unit's pay (and not_registered in D01). 赵敏 is
停薪留职 on as_of and paid in March: while_suspended (March only). In February 吴芳's pay goes to
李娜's account: shared_account for both.""", [
        ('payroll.after_death','D02',pid('zhengtao'),2,'12000.00'),
        ('payroll.after_exit','D02',pid('fengjing'),2,'9600.00'),
        ('payroll.multi_unit','D01',pid('zhoujie'),1,'1000.00'),
        ('payroll.multi_unit','D01A',pid('zhoujie'),1,'4500.00'),
        ('payroll.not_registered','D01',pid('zhoujie'),1,'1000.00'),
        ('payroll.not_registered','D02',pid('fengjing'),2,'9600.00'),
        ('payroll.not_registered','D02',pid('huang1'),3,'6000.00'),
        ('payroll.shared_account','D01',pid('lina'),1,'5500.00'),
        ('payroll.shared_account','D01A',pid('wufang'),1,'4000.00'),
        ('payroll.while_suspended','D01',pid('zhaomin'),1,'3000.00'),
    ]

@case
def registry_gaps():
    d = base()
    add_person(d, 'jiang1', '江一', '1990-01-01', 701, '男', unit='D01', estab='编外', exit='2025-01-31')
    d['staff'].append(dict(id=pid('jiang1'), name='江一', gender='男', birth='1990-01-01', unit='D01', estab='编外', status='在岗', entry='2025-03-01'))
    add_person(d, 'jiang2', '江二', '1990-02-02', 702, '女', unit='D01', estab='编外', exit='2025-02-15')
    d['staff'].append(dict(id=pid('jiang2'), name='江二', gender='女', birth='1990-02-02', unit='D01', estab='编外', status='在岗', entry='2025-02-16'))
    add_person(d, 'jiang3', '江三', '1990-03-03', 703, '男', unit='D02', estab='编外', exit='2024-12-31')
    d['staff'].append(dict(id=pid('jiang3'), name='江三', gender='男', birth='1990-03-03', unit='D02', estab='编外', status='在岗', entry='2025-01-01'))
    add_person(d, 'jiang4', '江四', '1990-04-04', 704, '女', unit='D01', estab='编外', exit='2025-01-31', months=['2025-01'])
    d['staff'].append(dict(id=pid('jiang4'), name='江四', gender='女', birth='1990-04-04', unit='D01A', estab='编外', status='在岗', entry='2025-02-01'))
    for m in ('2025-02', '2025-03'):
        d['payroll'].append(dict(month=m, unit='D01A', id=pid('jiang4'), name='江四', account='6228%012d' % 704, gross=100000, net=80000))
    add_person(d, 'jiang5', '江五', '1990-05-05', 705, '男', unit='D02', estab='编外', entry='2025-02-01')
    return d, """Registry rows that cover the pay months only together. 江一 is registered in D01 until 2025-01-31 and
again from 2025-03-01, and paid by D01 every month: not_registered for February only. 江二's two D01
rows meet on 2025-02-15/16, 江三's D02 rows on 2024-12-31/2025-01-01: nothing. 江四 left D01 on
2025-01-31 for D01A, which pays her from February: nothing (no after_exit, no multi_unit). 江五 joined
D02 on 2025-02-01 and is paid from January: not_registered for January.""", [
        ('payroll.not_registered','D01',pid('jiang1'),1,'1000.00'),
        ('payroll.not_registered','D02',pid('jiang5'),1,'1000.00'),
    ]

@case
def row_order():
    d, comment, exp = payroll()
    for k in ('units','ledger','staff','payroll','identity'):
        d[k] = list(reversed(d[k]))
    d['split'] = True
    return d, "The payroll case with every table's rows reversed and each table split over two files in\nsubfolders: the same findings (rules must not depend on row order or on the file a row came from).", exp

@case
def retirement():
    d = base()
    d['units'].append(dict(code='RT', name='白银区退休测试局', kind='行政机构', parent='D02', funding='全额拨款', rank='股级'))
    d['ledger'].append(dict(code='RT', name='白银区退休测试局', doc='白区编发〔2011〕9号', date='2011-09-01', event='设立', kind='行政机构', funding='全额拨款', rank='股级', parent='D02', admin=20, service=20, other=20))
    g = 100000
    ids = {}
    ids['m1'] = add_person(d, 'm1', '男甲', '1964-12-05', 401, '男', unit='RT', estab='行政编制', gross=g)
    ids['m2'] = add_person(d, 'm2', '男乙', '1965-01-20', 403, '男', unit='RT', estab='行政编制', gross=g)
    ids['m3'] = add_person(d, 'm3', '男丙', '1965-05-01', 405, '男', unit='RT', estab='行政编制', gross=g)
    ids['m4'] = add_person(d, 'm4', '男丁', '1964-11-11', 407, '男', unit='RT', estab='工勤编制', gross=g)
    ids['f1'] = add_person(d, 'f1', '女甲', '1970-01-15', 402, '女', unit='RT', estab='行政编制', gross=g)
    ids['f2'] = add_person(d, 'f2', '女乙', '1969-12-31', 404, '女', unit='RT', estab='机关其他编制', gross=g)
    ids['f3'] = add_person(d, 'f3', '女丙', '1974-12-01', 406, '女', unit='RT', estab='工勤编制', gross=g)
    ids['f4'] = add_person(d, 'f4', '女丁', '1975-01-31', 408, '女', unit='RT', estab='工勤编制', gross=g)
    ids['f5'] = add_person(d, 'f5', '女戊', '1975-03-01', 410, '女', unit='RT', estab='工勤编制', gross=g)
    ids['f6'] = add_person(d, 'f6', '女己', '1974-06-06', 412, '女', unit='RT', estab='编外', gross=g)
    ids['f7'] = add_person(d, 'f7', '女庚', '1969-06-06', 414, '女', unit='RT', estab='行政编制', status='离岗待退', gross=g)
    ids['f8'] = add_person(d, 'f8', '女辛', '1970-01-01', 416, '女', gross=g, pay_unit='RT')
    ids['f9'] = add_person(d, 'f9', '女壬', '1974-12-24', 418, '女', unit='D01', estab='工勤编制', exit='2024-12-31', gross=g, months=[])
    for m in MONTHS:
        d['payroll'].append(dict(month=m, unit='RT', id=ids['f9'], name='女壬', account='6228000000000418', gross=g, net=g))
    ids['f10'] = add_person(d, 'f10', '女癸', '1974-12-10', 420, '女', unit='RT', estab='工勤编制', gross=g)
    d['staff'].append(dict(id=ids['f10'], name='女癸', gender='女', birth='1974-12-10', unit='D02', estab='行政编制', status='在岗',
                           post_class='', entry='2010-01-01', exit='2014-12-31'))
    return d, """Statutory retirement with the 2025 reform; the person may be paid through the retirement month.
Men: born 1964-12 retire 2024-12 (3 months flagged), 1965-01 at 60y1m = 2025-02 (March flagged),
1965-05 at 60y2m = 2025-07 (none); a male worker like a man. Women cadres: 1970-01 at 55y1m = 2025-02,
1969-12 at 55 = 2024-12; women workers (工勤编制, 编外): 1974-12 at 50 = 2024-12, 1975-01 at 50y1m =
2025-02, 1975-03 at 50y2m = 2025-05 (none); 1974-06 编外 = 2024-06. 离岗待退 is exempt. 女辛 has no registry
row: the cadre group (55y1m = 2025-02). 女壬 is paid by RT but registered only in D01 (工勤编制, left):
the worker group from the other unit. 女癸 is a worker in RT and had a cadre row in D02 before: the
group of the paying unit comes first (2024-12). Both unregistered persons also get not_registered.""", [
        ('payroll.not_registered','RT',ids['f8'],3,'3000.00'),
        ('payroll.not_registered','RT',ids['f9'],3,'3000.00'),
        ('payroll.past_retirement','RT',ids['f1'],1,'1000.00'),
        ('payroll.past_retirement','RT',ids['f2'],3,'3000.00'),
        ('payroll.past_retirement','RT',ids['f3'],3,'3000.00'),
        ('payroll.past_retirement','RT',ids['f4'],1,'1000.00'),
        ('payroll.past_retirement','RT',ids['f6'],3,'3000.00'),
        ('payroll.past_retirement','RT',ids['f8'],1,'1000.00'),
        ('payroll.past_retirement','RT',ids['f9'],3,'3000.00'),
        ('payroll.past_retirement','RT',ids['f10'],3,'3000.00'),
        ('payroll.past_retirement','RT',ids['m1'],3,'3000.00'),
        ('payroll.past_retirement','RT',ids['m2'],1,'1000.00'),
        ('payroll.past_retirement','RT',ids['m4'],3,'3000.00'),
    ]

def bad_check(idno):
    c = '0' if idno[17] != '0' else '1'
    return idno[:17] + c

@case
def identity():
    d = base()
    good = mkid('19930303', 501)
    bad1 = bad_check(good)
    bad2 = mkid('19940404', 503, region='990101')
    for idno, name in ((bad1, '黄二'), (bad2, '黄四')):
        d['staff'].append(dict(id=idno, name=name, unit='D01', estab='编外', status='在岗', entry='2015-01-01'))
        d['payroll'].append(dict(month='2025-03', unit='D01', id=idno, name=name, account='6228'+idno[-12:], gross=200000, net=160000))
    add_person(d, 'huang3', '黄三', '1996-06-06', 505, '男', unit='D01', estab='编外', months=['2025-02','2025-03'], gross=200000, ident=False)
    find(d['payroll'], id=pid('zhangwei'), month='2025-02')[0].update(name='张玮')
    find(d['staff'], id=pid('lina'))[0].update(gender='男')
    find(d['staff'], id=pid('wangqiang'))[0].update(birth='1985-07-08')
    find(d['identity'], id=pid('zhaomin'))[0].update(name='赵敏敏')
    find(d['staff'], id=pid('zhoujie'))[0].update(gender='', birth='')
    return d, """Identity checks. 黄二's ID fails the check digit, 黄四's has region code 99: identity_invalid in the
payroll and in the registry (and no identity_not_found or mismatch for them). 黄三's valid ID is absent
from the police records: identity_not_found. 张伟 is paid as 张玮 in February (冒名). The police name of
赵敏 is 赵敏敏: mismatch in payroll (3 months) and registry. 李娜 is registered as 男 and 王强 with a
birth date one day off: staff.identity_mismatch. 周杰's empty gender and birth date are not compared.""", [
        ('payroll.identity_invalid','D01',bad1,1,'2000.00'),
        ('payroll.identity_invalid','D01',bad2,1,'2000.00'),
        ('payroll.identity_mismatch','D01',pid('zhangwei'),1,'6000.00'),
        ('payroll.identity_mismatch','D01',pid('zhaomin'),3,'9000.00'),
        ('payroll.identity_not_found','D01',pid('huang3'),2,'4000.00'),
        ('staff.identity_invalid','D01',bad1,1,''),
        ('staff.identity_invalid','D01',bad2,1,''),
        ('staff.identity_mismatch','D01',pid('lina'),1,''),
        ('staff.identity_mismatch','D01',pid('wangqiang'),1,''),
        ('staff.identity_mismatch','D01',pid('zhaomin'),1,''),
    ]

@case
def no_identity():
    d = base()
    d['identity'] = None
    find(d['staff'], id=pid('lina'))[0].update(gender='男')
    return d, """No identity source in the drop: payroll.identity_not_found does not run (everyone would be missing).
The registry is still checked against the ID number itself: 李娜 registered as 男 with a woman's ID.""", [
        ('staff.identity_mismatch','D01',pid('lina'),1,''),
    ]

@case
def staff_integrity():
    d = base()
    d['staff'].append(dict(id=pid('fengjing'), name='冯静', gender='女', birth='1983-08-08', unit='D01A', estab='事业编制(全额拨款)', status='在岗', entry='2020-01-01'))
    d['ledger'].append(dict(code='D01A', doc='白区编发〔2019〕3号', date='2019-03-01', event='编制调整', inst_full=1))
    # a fourth, older pay month: the last three examined months are 2025-01..03
    for s in list(find(d['payroll'], month='2025-01')):
        r = dict(s); r['month'] = '2024-12'; d['payroll'].append(r)
    d['payroll'] = [r for r in d['payroll'] if not (r['id'] == pid('wufang') and r['month'] >= '2025-01')]
    d['payroll'] = [r for r in d['payroll'] if not (r['id'] == pid('zhoujie') and r['month'] >= '2025-02')]
    return d, """Registry integrity. 冯静 holds establishment in D02 (行政编制) and D01A (事业编制) on as_of: one
staff.multi_unit finding per unit. 吴芳 is 在岗 all along but was last paid in 2024-12, before the last
three pay months: staff.not_paid. 周杰 is paid in January only: not flagged.""", [
        ('staff.multi_unit','D01A',pid('fengjing'),1,''),
        ('staff.multi_unit','D02',pid('fengjing'),1,''),
        ('staff.not_paid','D01A',pid('wufang'),1,''),
    ]

@case
def unit_codes():
    d = base()
    a = credit('11620402MB0000011')   # 机关, valid
    b = credit('12620402MB0000022')   # 事业单位 code on an administrative unit
    c = credit('11620402MB0000033')   # 机关 code on an institution
    bad = credit('12620402MB0000044'); bad = bad[:17] + ('0' if bad[17] != '0' else '1')
    e = credit('11620402MB0000055'); e = e[:17] + ('1' if e[17] != '1' else '2')   # invalid, ledger only
    f = credit('11620402MB0000066')   # not in the units table: approved kind 事业单位
    d['units'] += [
        dict(code=a, name='白银区机关甲', kind='行政机构', funding='全额拨款'),
        dict(code=b, name='白银区机关乙', kind='行政机构', funding='全额拨款'),
        dict(code=c, name='白银区事业丙', kind='事业单位', funding='全额拨款'),
        dict(code=bad, name='白银区事业丁', kind='事业单位', funding='全额拨款'),
    ]
    for code, name, kind in ((a,'白银区机关甲','行政机构'), (b,'白银区机关乙','行政机构'), (c,'白银区事业丙','事业单位'), (bad,'白银区事业丁','事业单位'), (e,'白银区某所','事业单位'), (f,'白银区事业己','事业单位')):
        d['ledger'].append(dict(code=code, name=name, doc='白区编发〔2013〕%s号' % code[-3:], date='2013-01-01', event='设立', kind=kind, funding='全额拨款'))
    return d, """Unified social credit codes (GB 32100). An 18-character code with a wrong check character:
unit.code_invalid, also for a code seen only in the ledger. A valid code starting 12 (事业单位) on a
行政机构, or 11 (机关) on a 事业单位 (from the units table, else the approved kind):
unit.code_kind_mismatch. Short legacy codes (D01…) are not checked.""", [
        ('unit.code_invalid',bad,bad,1,''),
        ('unit.code_invalid',e,e,1,''),
        ('unit.code_kind_mismatch',b,b,1,''),
        ('unit.code_kind_mismatch',c,c,1,''),
        ('unit.code_kind_mismatch',f,f,1,''),
    ]

@case
def ledger_fold():
    d = base()
    d['units'] += [
        dict(code='O1', name='白银区档案馆', kind='事业单位', funding='全额拨款', rank='股级'),
        dict(code='RV', name='白银区史志办', kind='事业单位', funding='全额拨款', rank='股级', plates='白银区地方志编纂室'),
        dict(code='TIE', name='白银区政务服务中心', kind='事业单位', funding='全额拨款', rank='股级'),
        dict(code='AF', name='白银区老干部活动中心', kind='事业单位', funding='全额拨款', rank='股级'),
    ]
    d['ledger'] += [
        dict(code='O1', doc='白区编发〔2014〕1号', date='2014-01-01', event='编制调整', inst_full=2),
        dict(code='O1', name='白银区档案局', doc='白区编发〔2015〕1号', date='2015-01-01', event='设立', kind='事业单位', funding='全额拨款', rank='股级', inst_full=1),
        dict(code='O1', name='白银区档案馆', doc='白区编发〔2016〕1号', date='2016-01-01', event='更名'),
        dict(code='RV', name='白银区史志办', doc='白区编发〔2012〕2号', date='2012-01-01', event='设立', kind='事业单位', funding='全额拨款', rank='股级', inst_full=5),
        dict(code='RV', doc='白区编发〔2018〕2号', date='2018-01-01', event='撤销'),
        dict(code='RV', doc='白区编发〔2019〕2号', date='2019-01-01', event='加挂牌子', plate='白银区地方志编纂室'),
        dict(code='RV', doc='白区编发〔2019〕3号', date='2019-01-01', event='编制调整', inst_full=9),
        dict(code='RV', name='白银区史志办', doc='白区编发〔2020〕2号', date='2020-01-01', event='设立', kind='事业单位', funding='全额拨款', rank='股级', inst_full=1),
        dict(code='TIE', name='白银区政务大厅', doc='白区编发〔2016〕3号', date='2016-03-01', event='设立', kind='事业单位', funding='全额拨款', rank='股级'),
        dict(code='AF', name='白银区老干部活动中心', doc='白区编发〔2010〕4号', date='2010-04-01', event='设立', kind='事业单位', funding='全额拨款', rank='股级'),
        dict(code='AF', doc='白区编发〔2025〕4号', date='2025-05-01', event='撤销'),
        dict(code='ZZ', doc='白区编发〔2025〕5号', date='2025-05-01', event='编制调整', admin=1),
        dict(code='NG', name='白银区某中心', doc='白区编发〔2011〕6号', date='2011-06-01', event='设立', kind='事业单位', funding='全额拨款', admin=1),
        dict(code='NG', doc='白区编发〔2015〕6号', date='2015-06-01', event='编制调整', admin=-2),
        dict(code='NG', doc='白区编发〔2016〕6号', date='2016-06-01', event='编制调整', admin=3),
        dict(code='NG', doc='白区编发〔2017〕6号', date='2017-06-01', event='编制调整', admin=-4),
    ]
    # same-day renames of TIE: the row order decides (the second, in a later file, wins), whatever the doc numbers
    d['ledger2'] = [
        dict(code='TIE', name='白银区政务中心', doc='白区编发〔2017〕9号', date='2017-09-01', event='更名'),
    ]
    d['ledger3'] = [
        dict(code='TIE', name='白银区政务服务中心', doc='白区编发〔2017〕10号', date='2017-09-01', event='更名'),
    ]
    for i, k in enumerate(('o1a','o1b','o1c')):
        add_person(d, k, '档案' + str(i), '1980-01-0%d' % (i+1), 601 + 2*i, '男', unit='O1', estab='事业编制(全额拨款)', gross=100000)
    add_person(d, 'rv1', '史志', '1980-02-01', 611, '男', unit='RV', estab='事业编制(全额拨款)', gross=100000)
    return d, """The ledger fold. O1: an orphan 编制调整 (+2) before its 设立 (+1) still counts: 3 approved for 3 staff,
and the approved name is the 更名's. RV: revoked in 2018, then a 加挂牌子 and +9 that change nothing,
then re-established from zero with 1: its nameplate is unapproved, its one person within the 1. TIE:
two 更名 on the same day in two files: the later one by (file, line) wins, so the name in use matches.
AF's 撤销 and ZZ's orphan event are dated after as_of and ignored. NG goes 1, -1, 2, -2: ledger.negative
names 白区编发〔2017〕6号.""", [
        ('ledger.negative','NG','行政编制',1,''),
        ('ledger.orphan_event','O1','白区编发〔2014〕1号',1,''),
        ('unit.nameplate_unapproved','RV','白银区地方志编纂室',1,''),
    ]
