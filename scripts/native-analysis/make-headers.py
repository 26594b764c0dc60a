#!/usr/bin/env python3
"""Write stand-in clibraries headers (probe only) from HGen output: make-headers.py <hgen-output> <outdir/include>"""
import sys, os
out = sys.argv[2]; os.makedirs(out, exist_ok=True)
structs, consts, cur = {}, [], None
for l in open(sys.argv[1]).read().splitlines():
    if l.startswith('STRUCT'):
        p = l.split(); cur = (p[1], p[3].split('=', 1)[1]); structs[cur] = []
    elif l.startswith('  FIELD'):
        _, n, t = l.split(); structs[cur].append((n, t))
    elif l.startswith('CONST'):
        consts.append(l.split()[1])
files = {'amd64': 'amd64cpufeatures.h', 'aarch64': 'aarch64cpufeatures.h', 'riscv64': 'riscv64cpufeatures.h', 'locale': 'svm_locale.h'}
ctype = lambda t: 'char' if t == 'boolean' else ('char *' if t.endswith('CCharPointer') else 'long')
for (sname, cls), fields in structs.items():
    key = next(k for k in files if k in cls.lower())
    g = 'PROBE_' + files[key].replace('.', '_').upper()
    extra = ''.join('#define %s %d\n' % (c, i) for i, c in enumerate(consts)) if key == 'locale' else ''
    with open(os.path.join(out, files[key]), 'w') as f:
        f.write('/* stand-in generated from svm.jar @CStruct metadata; layout not authoritative */\n#ifndef %s\n#define %s\n%stypedef struct {\n' % (g, g, extra))
        f.writelines('  %s %s;\n' % (ctype(t), n) for n, t in fields)
        f.write('} %s;\n#endif\n' % sname)
open(os.path.join(out, 'jvm_md.h'), 'w').write('#ifndef PROBE_JVM_MD_H\n#define PROBE_JVM_MD_H\n#endif\n')
