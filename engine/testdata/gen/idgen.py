W=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
C="10X98765432"
def mkid(birth, seq, region="620402"):
    s=f"{region}{birth}{seq:03d}"
    return s+C[sum(int(a)*b for a,b in zip(s,W))%11]
ALPH="0123456789ABCDEFGHJKLMNPQRTUWXY"
def credit(body17):
    s=0;w=1
    for ch in body17:
        s+=ALPH.index(ch)*w; w=w*3%31
    c=31-s%31
    if c==31: c=0
    return body17+ALPH[c]
if __name__=="__main__":
    import sys
    print(mkid(sys.argv[1], int(sys.argv[2])))
