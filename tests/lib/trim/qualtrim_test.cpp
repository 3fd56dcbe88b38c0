// Tests for lib/trim/qualtrim. Every expected value comes from cutadapt 4.2's
// cutadapt.qualtrim (hand cases checked with python3 -c; the table below was
// printed by /tmp/gen_qualtrim_cases.py, seed 4242:
//   /usr/bin/python3 /tmp/gen_qualtrim_cases.py
// which calls quality_trim_index, nextseq_trim_index and expected_errors).
#include "lib/trim/qualtrim.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>

using ringtrim::core::expected_errors;
using ringtrim::core::nextseq_trim_index;
using ringtrim::core::quality_trim_index;

namespace {

struct Case {
    std::string_view sequence;
    std::string_view qualities;
    int base;
    int cutoff_front;
    int cutoff_back;
    int start;
    int stop;
    int nextseq_stop;
    double expected_errors;
};

// clang-format off
constexpr Case kCases[] = {
    {"GGGGNGNCNGGGGNGCCGGNNTNTCNGGTTGTGCGATCGA", "H9952,A@\"\?+*E\?(\")A*,6(+0EI/=$26!5+B67G::", 33, 30, 0, 0, 40, 40, 0x1.229cf6167d437p+2},
    {"GTGCGGGCGCGCANGGGTGTNGGNCCTGGAGGGGGGANAG", ".0'.,(&.1:JF=IAHEC=>::\?;JH>@AD,%+$'//4!*", 33, 15, 25, 8, 30, 30, 0x1.cfdc4e155163ap+1},
    {"GANNCAGNTGGGTGGGATGGCNNAGAGGTGNNAGNGNGGG", "*5<//7@'3B0.24$,=&><)5%&)J'0/)H!5EF@\";:*", 33, 30, 0, 0, 0, 37, 0x1.3df1f37a7d2a4p+2},
    {"GCCGGGACNN", "!!)<F=\?B1%", 33, 0, 30, 0, 0, 0, 0x1.4b22b13684848p+1},
    {"", "", 33, 15, 10, 0, 0, 0, 0x0.0p+0},
    {"AGCGGNTNGGNCCGAGGGGGGNTNCAGACANTGTGGCTAGGGGGCGNTGACGGGGGCAGG", "*#1'2$(/'%,',D:B@\?HI\?DD=A:H<H=:EGE:HADEBGAH=>*/00+./#*#&0.1)", 33, 20, 15, 13, 45, 45, 0x1.51527d1520bc3p+2},
    {"AAAGCGTCGNGTCNGGGATGAGTGGNGTGAGCCAGGGGNN", "!$.('/)#0;><I\?;G;F=:HDB=B\?CGDI-\"/,41!3$$", 33, 30, 15, 0, 0, 30, 0x1.7ab8466f98257p+2},
    {"", "", 33, 0, 30, 0, 0, 0, 0x0.0p+0},
    {"CG", "I5", 33, 0, 15, 0, 2, 1, 0x1.4af4f0d844d01p-7},
    {"GNGGGGGCACTCGCAANAGAGATGGNAGTAGGGNGGGNTATGAGNTGNANTAGGGTCTCG", "/*1.0!,$02\"$!\?J<ED;=;\?<\?ID<AD@DEGH=C;;DC\?BC;I-4+('+4*23/2#)4", 33, 30, 25, 0, 0, 45, 0x1.7fa1a1701dbd5p+2},
    {"CCGAAGGGCC", "00##0+#I#\?", 33, 30, 0, 9, 10, 10, 0x1.5c2254cf35870p+1},
    {"GGGGGGGGGG", "/:B(HH\"C;+", 33, 0, 20, 0, 9, 0, 0x1.23f72e3cbdff3p+0},
    {"CNCNG", "/*@F-", 33, 30, 30, 0, 0, 4, 0x1.d69da1dae0b08p-3},
    {"GGGNGTGGCTGGNGNNNAGACGGGGNGCGGGGGGGACGGAGCGGGNCCGNTGGGGAACGC", "hLCgKgd`HHC@J@eYJW^PbOiGMcDZ^AbSTJZ`NFIOaUJTLNKYeBeOViUWMU@B", 64, 0, 30, 0, 1, 6, 0x1.0d9e1c1db761ep+3},
    {"GNNGTGAGGGGAGGTCANGGGGTACGGCCGANGGNTCCGG", "I0#55#05\?G\?5+#G5##IG+##GG00GGGI###+0G#I+", 33, 30, 0, 0, 40, 38, 0x1.e35bafa506fe5p+2},
    {"GGGNG", "#I05I", 33, 15, 15, 1, 5, 4, 0x1.5876a2d2e4235p-1},
    {"NGGGA", "ffBBT", 64, 10, 20, 0, 2, 1, 0x1.45b0f97d45d17p+0},
    {"NTNNGAGGGGGGCAGTGCGGGGAATTNGNGGCACNGNGCG", "3(.&.0!'$=C@I<=H:@=\?@A>J;D\?JEI.'.1%%)/$%", 33, 30, 30, 0, 0, 0, 0x1.2d34acc603ed5p+2},
    {"G", "%", 33, 0, 0, 0, 1, 0, 0x1.97a967f7524b2p-2},
    {"GGGGAGCGTGGCGTNGGTGG", "#G#G0I0+0\?G#0#G0IIII", 33, 0, 15, 0, 20, 18, 0x1.645ca46cddf9ep+1},
    {"TGAGG", "BhBB^", 64, 15, 0, 1, 5, 3, 0x1.e4db59e72a78fp+0},
    {"G", "0", 33, 15, 20, 0, 0, 0, 0x1.030dc4ea03a72p-5},
    {"GGTACGGGGT", "RNP^cahd@M", 64, 15, 15, 0, 8, 5, 0x1.22109a584e455p+0},
    {"T", "%", 33, 30, 20, 0, 0, 0, 0x1.97a967f7524b2p-2},
    {"GTGGGGGATGGAGGAGGTGG", "dILiGUVP[]AgL]WbYad_", 64, 15, 30, 0, 20, 18, 0x1.4ce6ef4c98d9dp+0},
    {"NAGGNGCGCGGNAAGCNAGG", ")3/,1:;AFC<;<DE\")1'\"", 33, 10, 20, 1, 15, 14, 0x1.2d958de56be56p+1},
    {"GG", "%>", 33, 15, 15, 1, 2, 0, 0x1.98f36d0535600p-2},
    {"NGGNT", "&.;A,", 33, 15, 25, 0, 0, 0, 0x1.cbb23ff4aafc0p-2},
    {"NAGGG", "--:\?,", 33, 0, 30, 0, 0, 0, 0x1.ada494cb4dd3fp-3},
    {"GGGGGGTGGGGTGGGTCNGGGGNGCGCCGGGGTGGGCAGGTNGNNGACTNGAGAGGCAGG", "`ahPKFhMMQV@T\\THC^KhdX]TUJLOHVBCefCIPICHZQYT^QXWM]bdPifB_FKA", 64, 0, 10, 0, 57, 57, 0x1.c649a9c94639ap+2},
    {"CANGAGGGAGNNCGGGTGTG", "OBf^TBBThB^BfJ^OTfJT", 64, 15, 20, 2, 18, 13, 0x1.bb15f66916f84p+1},
    {"GGNAA", "CH2*:", 33, 15, 20, 0, 5, 5, 0x1.323d8a5ea2edbp-3},
    {"GGGCGGCTNC", "hhhBOOTJfh", 64, 15, 0, 0, 10, 10, 0x1.9c09af3c85749p-1},
    {"CCGNNGTNGG", "0+\?0\?\?\?G#\?", 33, 10, 20, 0, 10, 8, 0x1.9945e54db9799p-1},
    {"GNGGCATGCT", "JBNg^^Y\\FG", 64, 10, 0, 2, 10, 10, 0x1.3a7589ee078a6p+0},
    {"CNGAAGCGAGGGCNAGNCATGNGTGTCGGNATGCGGAGGA", "05#0+G5++#GGG#G\?\?0#+#\?I##\?\?II0###0#50#I#", 33, 20, 25, 0, 0, 0, 0x1.1a820b6aa173cp+3},
    {"GG", "\"E", 33, 0, 20, 0, 2, 0, 0x1.96d31d3ae0151p-1},
    {"GGAGGGGGCGCNGGGTGAGAGNGGGGGNGTTNGTCAAGGGGGCGGAGGNGTCGCNCCGCG", "*9&/$-GEH;EC\?0,&@2\?.B19\"$11D$.FJ\?!8CG\"9(G%;A9A\?,!$\?7&7#;D,&G", 33, 30, 0, 59, 60, 59, 0x1.1aa63c2e71410p+3},
    {"GGGGT", "#%EB,", 33, 10, 20, 2, 4, 0, 0x1.1bf7ca0e5f33bp+0},
    {"", "", 33, 0, 20, 0, 0, 0, 0x0.0p+0},
    {"NCGGTTTGGGGGTGNAACTGGANNGGATGTTNAGGTTAGG", "FNLGEMJCDg_[fhfeg_ifd]b[Ydgf][GGNMJDSNA@", 64, 0, 0, 0, 40, 38, 0x1.3131278a68e36p+2},
    {"", "", 33, 20, 30, 0, 0, 0, 0x0.0p+0},
    {"TTNCNNNGGA", "5\?G50##+50", 33, 20, 15, 0, 10, 5, 0x1.74d14dec458dap+0},
    {"G", "B", 64, 15, 20, 0, 0, 0, 0x1.430cd74f6d478p-1},
    {"", "", 64, 10, 15, 0, 0, 0, 0x0.0p+0},
    {"G", "K", 64, 0, 15, 0, 0, 0, 0x1.455b5a30b035cp-4},
    {"T", "#", 33, 30, 30, 0, 0, 0, 0x1.430cd74f6d478p-1},
    {"NGGCCGGNTGGACGCGTGGAGGGANNGNTGGGNNGAGGNG", "#G5#0#GI#G005+0+#0#G5+IG#GG\?#I505GG#G##5", 33, 0, 0, 0, 40, 39, 0x1.df8fced74cc56p+2},
    {"CG", "%H", 33, 10, 30, 1, 2, 0, 0x1.97ca6878b5cd3p-2},
    {"GGGGGCGNNNGGGGGGNGAGGGTTAGGGGNATACGGATNN", "%+2)&1-'1EJDGJDG;CIJAG<===B;>J4\",&/)0,.(", 33, 0, 25, 0, 30, 0, 0x1.914ecdae2cc70p+1},
    {"G", "/", 33, 0, 25, 0, 0, 0, 0x1.46211ff90ea2ap-5},
    {"ATGGGGTTNANGGGGGGGNG", "01-$*DBJE;DCIEH3*.$2", 33, 10, 15, 0, 20, 11, 0x1.76fb1239f68e6p+0},
    {"GCCCAAGNCAGNNGAGGNTGGGGGAGGNNNNGAGGACGCGGGGGNTGGTGGCGGGNCCGG", "#G\?+#G##GGGGGII\?\?+G5##I#0+\?\?#0\?#5#5#5\?0####G#IGI#\?5G###\?I+\?#", 33, 10, 15, 1, 59, 57, 0x1.b9d588406a95cp+3},
    {"AA", "2@", 33, 20, 15, 1, 2, 2, 0x1.53eb056c04323p-6},
    {"AGGGGGGGCGNGTGGGGTAGGTACTACNGGACGTGAGGGN", "2.1H%&EA;A6F\?>6I4;-3E*0+\?6!&>&E19E/<>@=/", 33, 0, 25, 0, 39, 0, 0x1.7881605ea9db7p+1},
    {"", "", 33, 0, 10, 0, 0, 0, 0x0.0p+0},
    {"GNCGGGTTAG", "005II00++5", 33, 20, 25, 2, 5, 0, 0x1.6302fe4f52ed6p-2},
    {"AGGCGCATAGGTNGGGGGGAGNCAGTGGTCGGCGGNGGGCAGATGTGCAGGGTACNNGTG", "##\?\?\?#5I\?\?#\?+#I000+#\?I++GGI+++I\?50#5+#GGI5GG0##\?\?#\?#5#0I+0G0", 33, 0, 20, 0, 59, 59, 0x1.2d6232ce0e242p+3},
    {"C", "+", 33, 0, 25, 0, 0, 0, 0x1.999999999999ap-4},
    {"CNGGG", "AGihI", 64, 0, 25, 0, 4, 0, 0x1.1eb37fcab022cp+0},
    {"GGGTGCGTGTNGGNCAGATGGTNCATGNGTNNCTTCNTGNGCGCNTTANNGCGNGAANGG", "$/#E\?:E)7-7=;&B%52-\"74$0=%D0&''@+G&8;B,AJF(H,,D/&,,0$,D7B>@@", 33, 10, 0, 3, 60, 58, 0x1.b4846c1254e5fp+2},
    {"GGTNGTGTGNNGGGGGGNCG", ",9/!>.9@(>0(#/553=%/", 33, 0, 15, 0, 18, 18, 0x1.60f384c7f1aebp+1},
    {"GC", "_S", 64, 10, 15, 0, 2, 2, 0x1.b68da04106e60p-7},
    {"GCTGGNTGAG", "$(/FGCH@&4", 33, 0, 30, 0, 0, 0, 0x1.122e34b4b3d91p+0},
    {"GG", "/(", 33, 30, 10, 0, 0, 0, 0x1.ea297d760ce4ap-3},
    {"GGTGC", "@8=4'", 33, 10, 20, 0, 3, 3, 0x1.15ad52f0b1740p-2},
    {"N", "J", 64, 0, 30, 0, 0, 0, 0x1.999999999999ap-4},
    {"GGGGG", "G#G\?#", 33, 20, 25, 0, 1, 0, 0x1.4363268b9bd58p+0},
    {"GCCGGGGGTNACTACNGNGG", "I#+0+G5I\?###0#+050#5", 33, 20, 10, 0, 20, 18, 0x1.0f9709df9a462p+2},
    {"", "", 33, 0, 30, 0, 0, 0, 0x0.0p+0},
    {"GGGCG", "-.*8+", 33, 15, 15, 3, 4, 4, 0x1.6060b28922474p-2},
    {"GNAANGTGCN", "04\"EI\?EE/)", 33, 0, 15, 0, 8, 7, 0x1.09e7d76038177p+0},
    {"N", "E", 64, 0, 20, 0, 0, 0, 0x1.43d136248490fp-2},
    {"GCCNGGCGGG", "#5##\?#+5#+", 33, 0, 15, 0, 0, 2, 0x1.b019c7817dd8ep+1},
    {"NGCAG", "#55I+", 33, 30, 15, 0, 0, 4, 0x1.808a9697ed131p-1},
    {"GGNGGGGGCTNGNCCGGGAT", ":50>86*4%'$EH;+>>@+2", 33, 20, 10, 0, 20, 20, 0x1.92f961729a401p+0},
    {"CT", "IQ", 64, 10, 25, 0, 0, 0, 0x1.2ab0de9896063p-3},
    {"AGNNTAGNGNTGTGNGGNGTCGNGGGGNTGGNGNTCTGGGTTCTGGAGTGNCGGGGCGGT", "5#II+5I\?I\?I#\?#+5+#\?IIIG5\?+#\?#+I0#5IG++\?+\?0#I0I#5###0\?##I\?G0+", 33, 30, 25, 0, 0, 28, 0x1.3ed34a1bcf909p+3},
    {"AG", "(\?", 33, 30, 10, 1, 2, 0, 0x1.9aad7f3227714p-3},
    {"", "", 33, 15, 25, 0, 0, 0, 0x0.0p+0},
    {"G", "G", 33, 0, 30, 0, 1, 0, 0x1.4c604e2c75fb6p-13},
    {"GGTGGGAAGCGTGGTNGAAT", "gID\\DdfcZCVaXHgSSVi`", 64, 30, 25, 0, 20, 20, 0x1.a13dbb76a6d6dp+0},
    {"CGANNGGGGGGAGGGANGNN", "%'-(-FDBBHFJ<E=(0!+&", 33, 0, 10, 0, 17, 12, 0x1.50670aebc2ad8p+1},
    {"NTGTGGGNGT", "5#I#\?#I+#\?", 33, 0, 20, 0, 10, 10, 0x1.51696920bb834p+1},
    {"AGGGGCTGCGNGGCNTGGCGCGGGTGNGGGAGGCGNGANGGNGTGGTCGACGGGNGAGGG", "T^hJhBhBhh^B^BOBfh^TTTJBfB^BBT^f^ff^BJBTTT^BhfOTJhfhJ^fJBhh^", 64, 30, 0, 57, 60, 57, 0x1.1f0287e81ee5dp+3},
    {"GGCGG", "\?68I+", 33, 15, 25, 0, 4, 0, 0x1.d32b7f74e50cep-4},
    {"", "", 33, 0, 15, 0, 0, 0, 0x0.0p+0},
    {"GG", ".B", 33, 10, 10, 0, 2, 0, 0x1.9eada591358bdp-5},
    {"GCNGN", "'.AH0", 33, 15, 15, 2, 5, 3, 0x1.55b20b0828f57p-2},
    {"GGGNGTCGTGTGGTAGCCGG", "&(3\"*H@D\?H<DEBC11\"#'", 33, 10, 30, 0, 0, 0, 0x1.97991b861413ep+1},
    {"G", "D", 33, 0, 15, 0, 1, 0, 0x1.4b96be9c2da2cp-12},
    {"NGNNGGANAGGNGGCCGGGA", "\?1\"A0I>*%IB)(:;C8GHF", 33, 0, 30, 0, 20, 20, 0x1.bf8cef913fc7cp+0},
    {"CN", ",G", 33, 0, 25, 0, 2, 2, 0x1.46018a57c670cp-4},
    {"GTGGCGTGAG", "I5++#G+##I", 33, 0, 30, 0, 10, 0, 0x1.1a03753066b64p+1},
    {"ATGGGGAGGGCTATAGGAGGGGNGGGNGTAGTGGTCGAGG", "G0II\?I##I5#0#\?#05+I##I#G+GIG#\?\?##0\?+I0I0", 33, 10, 25, 0, 39, 1, 0x1.dd3c3bf710de9p+2},
    {"GGANGTGAAGNANCGCCGCGGACGTNNGACGGGGGGGGNN", "TfhJOBO^fJBfBOfTh^OBh^TBOhBfBOB^fOBh^BfT", 64, 15, 20, 0, 40, 40, 0x1.b1c340ce25fb9p+2},
    {"GGAGGCGGGG", "FNKi]``]LM", 64, 10, 20, 1, 8, 6, 0x1.f334bb1aa361bp-2},
    {"GGCGGAATAA", "FBM\\hi[cQL", 64, 0, 15, 0, 9, 9, 0x1.04f6ab81a49edp+0},
    {"", "", 33, 20, 20, 0, 0, 0, 0x0.0p+0},
    {"", "", 64, 15, 15, 0, 0, 0, 0x0.0p+0},
    {"GG", "h^", 64, 15, 15, 0, 2, 0, 0x1.205bc01a36e2fp-10},
    {"GGCTGCGTTA", "3'H%=%&,IA", 33, 0, 25, 0, 10, 10, 0x1.761b4fe2406e9p+0},
    {"A", "Q", 64, 15, 25, 0, 0, 0, 0x1.46e75df96dc9ap-6},
    {"AGTGTNGNCT", "$:8/D8'1B/", 33, 0, 25, 0, 0, 0, 0x1.be0363cd7ef48p-1},
    {"AGGCGAGGTATGGGTNGGGGCNGNGTCTGGACAGTGNGNG", "JHWdaZU@cG@`DU@\\H]LfSNcVONgNRgRLh`MUCQfT", 64, 30, 0, 0, 0, 39, 0x1.3d84bcc0ec03dp+2},
    {"G", "2", 33, 10, 25, 0, 0, 0, 0x1.46e75df96dc9ap-6},
    {"GGGGGNGCGGGGGGGTGGTCCGCGNGTGGNGGGAAGGCTTGNGCGAGCNCGGGTNGCNGG", "BJBhhOJOhBOOJffBfBJhf^JBOBBTB^JOTBOJfTOOfJBOfTBfB^BhOTJ^^BO^", 64, 20, 20, 3, 60, 0, 0x1.59a6b7fb33fa1p+3},
    {"GNGGGGGCAAGCGGTCGAATTAGNGGTCTCGGTGACAGGGGTGNGGAGGGGGNGCGTGAC", "H`ZI@]TH[R_cdhCHihQDdFFQAJCF[V^GSHC@Mf^CYWegM^iD]@PQACFIa`GA", 64, 0, 25, 0, 0, 2, 0x1.6a87a85a5fa48p+3},
    {"GNCGA", "')>\?.", 33, 15, 25, 0, 0, 0, 0x1.d9251b2ba93dbp-2},
    {"ANAAGCTNGCGTGAGGAGAC", "0#H@/I7G.HG%\?B+0-DI,", 33, 30, 30, 0, 0, 0, 0x1.6f38a62cbdb10p+0},
    {"", "", 64, 20, 0, 0, 0, 0, 0x0.0p+0},
    {"TAGCGGGTNG", "(*';@JF=$-", 33, 0, 25, 0, 8, 0, 0x1.256437bb7ea31p+0},
    {"AGTTGGGGGTNAGACTNGAAGGANAGANCNGNGCGAGGTGCAGTGTGGGGTGGTAGGCGG", "cb]hBdcg]M[DSUJW[Ab@giDUdSA]iC`bCMH[Pb\\SDYAI_`XWE`iW`YWFHBc\\", 64, 20, 25, 0, 60, 4, 0x1.05cbd2cf49bb0p+3},
    {"GGTGGAGTTT", "500#I\?I+05", 33, 0, 0, 0, 10, 10, 0x1.b1ad5963dadddp-1},
    {"GANGGCGAGCTNGTGTTGGTGAAGGAGGGGCGGCTGCNAGGANGTCTNGNNCGAGCAGCG", "AHHAMCHOEEENAgbc]Z]ah[^\\d\\\\a\\b[__]]ig]`^^f`h`KDRIGGHKCBASES@", 64, 10, 30, 0, 0, 0, 0x1.1f72269a0bf00p+3},
    {"NTCACCGGGT", "@RMa]c[hJF", 64, 0, 15, 0, 8, 6, 0x1.6bdc2534650c8p+0},
    {"GCGGGGGCGA", "LWDW@IAbOi", 64, 0, 10, 0, 10, 10, 0x1.3636cffa77003p+1},
    {"NGGGGGGNTNAGAGGNGGGGCGTGGGGTGGGGNNTGGNCT", "#I+\?++#I#IIG+5#00G##5#\?5+\?I+#GG505+\?##5+", 33, 30, 0, 0, 0, 40, 0x1.d140ba920f296p+2},
    {"", "", 64, 0, 20, 0, 0, 0, 0x0.0p+0},
    {"GGGGCCAGCTTGGGACGGGCGGGTTTNGAGAGGTGGGCNNGGGATGTTGGGGGGTGGGGG", "@JNQKQONQJMRIeib`_`]Ydg\\edaa]Yf\\`]]bebc^cgf_YLSQRFGODKQENARE", 64, 20, 30, 0, 0, 0, 0x1.0f8bcbd23387bp+2},
};
// clang-format on

}  // namespace

TEST_CASE("quality_trim_index trims low-quality ends on both sides") {
    CHECK(quality_trim_index("##########IIIIIIIIII##########", 10, 10) == std::pair{10, 20});
}

TEST_CASE("quality_trim_index keeps good reads and empties all-bad reads") {
    CHECK(quality_trim_index("IIIII", 10, 10) == std::pair{0, 5});
    CHECK(quality_trim_index("#####", 10, 10) == std::pair{0, 0});
    CHECK(quality_trim_index("", 10, 10) == std::pair{0, 0});
}

TEST_CASE("quality_trim_index stops at the first position where the running sum drops below 0") {
    CHECK(quality_trim_index("5555+5555", 0, 11) == std::pair{0, 9});
    CHECK(quality_trim_index("5555+5555", 11, 0) == std::pair{0, 9});
    CHECK(quality_trim_index("+++++5555555+5", 11, 11) == std::pair{5, 14});
}

TEST_CASE("nextseq_trim_index treats upper-case G as low quality") {
    CHECK(nextseq_trim_index("ACGTACGGGGGGGG", "IIIIIIIIIIIIII", 20) == 6);
    CHECK(nextseq_trim_index("ACGTACGGGGGGGG", "IIIIIII#######", 20) == 6);
    CHECK(nextseq_trim_index("ACGTACGTTGGGgg", "IIIIIIIIIIIIII", 20) == 14);
}

TEST_CASE("expected_errors sums 10^(-q/10)") {
    CHECK(expected_errors("I5+#") == 0x1.7b6bde46018dfp-1);
    CHECK(expected_errors("") == 0.0);
    CHECK(expected_errors("+") == 0.1);
    CHECK(expected_errors("h", 64) == 0.0001);
}

TEST_CASE("quality trimming agrees with cutadapt 4.2 on random qualities") {
    for (const Case& c : kCases) {
        INFO("qualities " << c.qualities << " base " << c.base << " cutoffs " << c.cutoff_front
                          << "," << c.cutoff_back);
        CHECK(quality_trim_index(c.qualities, c.cutoff_front, c.cutoff_back, c.base) ==
              std::pair{c.start, c.stop});
        CHECK(nextseq_trim_index(c.sequence, c.qualities, c.cutoff_back, c.base) == c.nextseq_stop);
        CHECK(expected_errors(c.qualities, c.base) == c.expected_errors);
    }
}

// cutadapt 4.4's poly_a_trim_index (qualtrim.pyx) written as one loop over
// the distance from the scanned end, to check the two-branch C++ version.
namespace {
int poly_a_reference(const std::string& s, bool revcomp) {
    const int n = static_cast<int>(s.size());
    int best = 0, best_index = revcomp ? 0 : n, score = 0, errors = 0;
    for (int k = 0; k < n; ++k) {
        const int i = revcomp ? k : n - 1 - k;
        const bool hit = s[static_cast<std::size_t>(i)] == (revcomp ? 'T' : 'A');
        score += hit ? 1 : -2;
        errors += hit ? 0 : 1;
        if (score > best && errors * 5 <= k + 1) {
            best = score;
            best_index = revcomp ? i + 1 : i;
        }
    }
    if (revcomp) return best_index < 3 ? 0 : best_index;
    return best_index > n - 3 ? n : best_index;
}
}  // namespace

TEST_CASE("poly_a_trim_index: the hand-checked cases of the golden poly-a cases", "[qualtrim][poly-a]") {
    using ringtrim::core::poly_a_trim_index;
    CHECK(poly_a_trim_index("ACGTACGTAAAAAAAAAA") == 8);
    CHECK(poly_a_trim_index("ACGTACGTAC") == 10);
    CHECK(poly_a_trim_index("ACGTAAAACAAAAA") == 4);
    CHECK(poly_a_trim_index("ACGTAA") == 6);  // a tail of 2 is ignored
    CHECK(poly_a_trim_index("AAAAAAAA") == 0);
    CHECK(poly_a_trim_index("") == 0);
    CHECK(poly_a_trim_index("TTTTTTTTTTACGTACGT", true) == 10);
    CHECK(poly_a_trim_index("TTTTTGTTTTACGT", true) == 10);
    CHECK(poly_a_trim_index("TTACGT", true) == 0);
    CHECK(poly_a_trim_index("aaaaaaaa") == 8);  // lower case does not count
}

TEST_CASE("poly_a_trim_index agrees with a plain transcription on random reads", "[qualtrim][poly-a]") {
    std::mt19937 rng(11);
    for (int t = 0; t < 20000; ++t) {
        const int n = static_cast<int>(rng() % 40);
        std::string s;
        const bool tail = rng() % 2 == 0;
        for (int i = 0; i < n; ++i) {
            const bool in_run = tail && i > n / 2;
            s += in_run && rng() % 6 != 0 ? 'A' : "ACGTN"[rng() % 5];
        }
        const std::string rc(s.rbegin(), s.rend());
        std::string t_head = rc;
        for (char& c : t_head) c = c == 'A' ? 'T' : c;
        REQUIRE(ringtrim::core::poly_a_trim_index(s) == poly_a_reference(s, false));
        REQUIRE(ringtrim::core::poly_a_trim_index(t_head, true) == poly_a_reference(t_head, true));
    }
}
