"""SOP Pengelolaan Kinerja (Bagian PBJ Setda Kota Pagar Alam, 2024).

Source: /work/shared/seeds/002_928c96537b62e8d7.txt (last SOP of the file). No Pelaksana mark
survived and the Mutu Baku columns are shifted; see NOTES for the judgement calls.
"""
from tools.sopgen.model import (Sop, Step, Decision, Branch, End, Parallel, TimerEvent,
                                choice, approve_correct)

KEPALA = "Kepala UKPBJ"
TIM = "Tim Pengelolaan Kelembagaan UKPBJ"
PJ = "Penanggung Jawab Kinerja"

PERIODS = {
    "monthly": "Bulanan",
    "quarterly": "Triwulanan",
    "semiannual": "Semesteran",
    "annual": "Tahunan",
}
PERIOD_DURATION = ('{"monthly": "P1M", "quarterly": "P3M", "semiannual": "P6M", '
                   '"annual": "P1Y"}[reporting_frequency]')

SOP = Sop(
    process_id="pengelolaan_kinerja",
    title="Pengelolaan Kinerja",
    pool="Bagian Pengadaan Barang dan Jasa Sekretariat Daerah Kota Pagar Alam",
    source="002_928c96537b62e8d7.txt",
    documentation="""\
SOP Pengelolaan Kinerja.
Nomor SOP: 16 Tahun 2024. Pemerintah Kota Pagar Alam, Sekretariat Daerah, Bagian Pengadaan Barang/Jasa.
Tanggal pembuatan: 17 Januari 2024; tanggal efektif: 17 Januari 2024. Disahkan oleh Pj. Sekretaris Daerah Kota Pagar Alam.
Perencanaan kinerja pengadaan tahun berjalan (tujuan PBJ, area strategis, indikator, baseline, target, rencana aksi), sosialisasi kepada Penanggung Jawab Kinerja, pelaksanaan rencana aksi dan pelaporan kinerja secara periodik (bulanan/triwulan/semesteran/tahunan) sampai indikator tercapai atau waktunya terlampaui.
Penanggung Jawab Kinerja dapat berasal dari OPD/Unit Kerja ataupun dari UKPBJ.
Dasar hukum (ringkas): UU 1/2004 tentang Perbendaharaan Negara; PP 8/2006 tentang Pelaporan Keuangan dan Kinerja Instansi Pemerintah; Perpres 29/2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah; Perpres 12/2021 tentang Pengadaan Barang/Jasa Pemerintah; Permen PANRB 35/2012 tentang Pedoman Penyusunan SOP Administrasi Pemerintahan.""",
    lanes=[KEPALA, TIM, PJ],
    start_name="Mulai",
    nodes=[
        Step("1", "Mendefinisikan tujuan PBJ dan area strategis", TIM,
             doc="Langkah 1-4 dilaksanakan melalui lokakarya, sebaiknya dihadiri oleh unsur "
                 "dari UKPBJ, Tim Pengelolaan Kelembagaan UKPBJ, perwakilan dari fungsi "
                 "perencanaan, dan fungsi-fungsi terkait lainnya.",
             kelengkapan=["RPJM", "RKP", "Arahan/prioritas pimpinan", "Tema kinerja",
                          "Rencana kinerja tahun sebelumnya",
                          "Realisasi kinerja tahun sebelumnya",
                          "Paket pengadaan (jika sudah tersedia di SIRUP)"],
             outputs=["Tujuan PBJ", "Area strategis",
                      "Usulan paket pengadaan berdasarkan area strategis (jika sudah tersedia "
                      "di SIRUP)"]),
        Step("2", "Menetapkan indikator dan atributnya per area strategis", TIM,
             doc="Lokakarya (lihat langkah 1). Atribut indikator mencakup frekuensi "
                 "pelaporannya; frekuensi yang dipilih di sini (yang tersering di antara "
                 "indikator) menentukan periode pelaporan langkah 12-17.",
             outputs=["Indikator dan atribut", "Template data kinerja"],
             fields=[choice("reporting_frequency", "Frekuensi pelaporan kinerja", PERIODS)]),
        Step("3", "Menyusun usulan baseline dan target kinerja", TIM,
             doc="Lokakarya (lihat langkah 1).",
             outputs=["Baseline dan target"]),
        Step("4", "Menyusun rencana aksi untuk setiap indikator", TIM,
             doc="Lokakarya (lihat langkah 1). Hasil langkah 1-4 dihimpun dalam Dokumen "
                 "perencanaan kinerja dan target tahun berjalan.",
             outputs=["Dokumen perencanaan kinerja dan target tahun berjalan",
                      "Usulan surat edaran implementasi Pengelolaan Kinerja"]),
        Step("5", "Mempresentasikan rencana kinerja dan permohonan persetujuan pimpinan", TIM,
             doc="Presentasi dapat disampaikan kepada pimpinan organisasi (minimal di tingkat "
                 "sekretaris daerah/sekretaris jenderal/sekretaris utama).",
             kelengkapan=["Dokumen perencanaan dan target kinerja tahun berjalan",
                          "Usulan surat edaran implementasi Pengelolaan Kinerja"],
             outputs=["Materi presentasi perencanaan dan target kinerja tahun berjalan"]),
        Step("6", "Melakukan analisis: menyetujui rencana kinerja atau membutuhkan perbaikan",
             KEPALA,
             doc="Melakukan analisis untuk selanjutnya: a. Menyetujui rencana kinerja untuk "
                 "dieksekusi; b. Membutuhkan perbaikan atas rencana kerja yang diusulkan "
                 "(kembali ke langkah 1). Bila persetujuan diberikan oleh pimpinan organisasi "
                 "(sekretaris daerah), Kepala UKPBJ mencatatnya atas nama pimpinan.",
             kelengkapan=["Dokumen perencanaan dan target kinerja tahun berjalan"],
             outputs=["Persetujuan rencana dan target kinerja tahun berjalan"],
             fields=[approve_correct("plan_decision",
                                     approve="a. Menyetujui rencana kinerja untuk dieksekusi",
                                     correct="b. Membutuhkan perbaikan atas rencana kerja "
                                             "yang diusulkan")]),
        Decision("gw_06", "Rencana kinerja disetujui?", [
            Branch("Setuju", 'plan_decision == "approve"', "step_07"),
            Branch("Perlu perbaikan", 'plan_decision == "correct"', "step_01"),
        ]),
        Step("7", "Mengirimkan surat edaran implementasi Pengelolaan Kinerja ke OPD/Unit Kerja "
                  "terkait", KEPALA,
             kelengkapan=["Usulan surat edaran implementasi Pengelolaan Kinerja"],
             outputs=["Surat edaran implementasi Pengelolaan Kinerja terkirim ke semua "
                      "OPD/Unit Kerja"],
             attachments=["Surat edaran implementasi Pengelolaan Kinerja"]),
        Step("8", "Mengirimkan undangan sosialisasi ke Penanggung Jawab Kinerja", TIM,
             kelengkapan=["Surat edaran implementasi Pengelolaan Kinerja",
                          "Daftar perwakilan OPD/Unit Kerja yang akan diundang"],
             outputs=["Surat undangan sosialisasi implementasi Pengelolaan Kinerja"]),
        Step("9", "Melaksanakan sosialisasi implementasi Pengelolaan Kinerja Pengadaan ke "
                  "Penanggung Jawab Kinerja", TIM,
             kelengkapan=["Materi presentasi perencanaan dan target kinerja tahun berjalan",
                          "Template data kinerja"],
             outputs=["Laporan sosialisasi"]),
        Step("10", "Memetakan area strategis ke paket-paket pengadaan di masing-masing "
                   "OPD/Unit Kerja", PJ,
             kelengkapan=["Tujuan PBJ", "Area strategis", "Data paket pengadaan tahun berjalan"],
             outputs=["Paket pengadaan berdasarkan area strategis"]),
        Parallel("fork_11", "Periode pelaporan dimulai", targets=["step_11", "timer_period"]),
        Step("11", "Melaksanakan proses dan rencana aksi", PJ,
             doc="Dikerjakan selama periode pelaporan: input/update data proses dan data "
                 "rencana aksi ke dalam template data kinerja. Laporan (langkah 12) dibuat "
                 "sesudah langkah ini selesai dan periode pelaporan berakhir. Pada periode "
                 "berikutnya termasuk eksekusi rekomendasi perbaikan yang disetujui di "
                 "langkah 17.",
             kelengkapan=["Paket pengadaan terpilih", "SOP PBJ", "Rencana aksi",
                          "Template data kinerja"],
             outputs=["Input/update data proses dan data rencana aksi ke dalam template data "
                      "kinerja"],
             attachments=["Template data kinerja terupdate"],
             next="join_11"),
        TimerEvent("timer_period", "Akhir periode pelaporan", duration=PERIOD_DURATION,
                   lane=PJ, next="join_11",
                   doc="Periode pelaporan (bulanan/triwulan/semesteran/tahunan) menurut "
                       "frekuensi pelaporan yang ditetapkan di langkah 2."),
        Parallel("join_11", "Periode berakhir, data terupdate", lane=PJ),
        Step("12", "Melaporkan realisasi proses dan rencana aksi", PJ,
             kelengkapan=["Template data kinerja terupdate"],
             outputs=["Laporan kinerja per paket"]),
        Step("13", "Mengumpulkan dan melakukan pengolahan data", TIM,
             kelengkapan=["Laporan kinerja per paket",
                          "Formula perhitungan di atribut indikator"],
             outputs=["Kompilasi pencapaian kinerja per indikator", "Kompilasi rencana aksi"]),
        Step("14", "Melakukan analisa dan rekomendasi perbaikan", TIM,
             kelengkapan=["Kompilasi pencapaian kinerja per indikator",
                          "Kompilasi rencana aksi"],
             outputs=["Hasil analisis berdasarkan metode yang digunakan",
                      "Rekomendasi perbaikan"]),
        Step("15", "Menyusun laporan kinerja (bulanan/triwulan/semesteran/tahunan)", TIM,
             kelengkapan=["Hasil analisis berdasarkan metode yang digunakan",
                          "Rekomendasi perbaikan"],
             outputs=["Laporan pencapaian kinerja"]),
        Step("16", "Mempresentasikan laporan kinerja (bulanan/triwulan/semesteran/tahunan)",
             TIM,
             doc="Audience dan presentasi laporan secara periodik dapat disesuaikan dengan "
                 "kebutuhan. Dilaksanakan sesuai frekuensi pelaporan dari setiap indikator; "
                 "presentasi dapat disampaikan kepada Tim Internal UKPBJ (termasuk penanggung "
                 "jawab kinerja), ataupun kepada pimpinan organisasi (jika diperlukan).",
             kelengkapan=["Laporan pencapaian kinerja"],
             outputs=["Materi presentasi laporan pencapaian kinerja"]),
        Step("17", "Menyelenggarakan rapat dengan pimpinan", KEPALA,
             doc="Menyelenggarakan rapat dengan pimpinan untuk: a. Menyetujui rekomendasi "
                 "perbaikan untuk dieksekusi; b. Melanjutkan proses tanpa adanya upaya "
                 "perbaikan; c. Menyatakan indikator kinerja telah tercapai atau waktunya telah "
                 "terlampaui. a dan b melanjutkan ke periode pelaporan berikutnya (langkah 11); "
                 "c mengakhiri proses.",
             kelengkapan=["Materi presentasi laporan pencapaian kinerja"],
             outputs=["Persetujuan rekomendasi perbaikan",
                      "Laporan akhir status indikator yang telah tercapai atau waktunya telah "
                      "terlampaui"],
             fields=[
                 choice("meeting_decision", "Hasil rapat dengan pimpinan", {
                     "close": "c. Indikator kinerja telah tercapai atau waktunya telah "
                              "terlampaui",
                     "next_period": "a/b. Proses dilanjutkan ke periode berikutnya",
                 }),
                 choice("improvements", "Rekomendasi perbaikan (bila proses dilanjutkan)", {
                     "execute": "a. Rekomendasi perbaikan disetujui untuk dieksekusi",
                     "none": "b. Dilanjutkan tanpa adanya upaya perbaikan",
                 }, required=False),
             ]),
        Decision("gw_17", "Indikator tercapai atau waktunya terlampaui?", [
            Branch("Tercapai / terlampaui", 'meeting_decision == "close"', "end"),
            Branch("Periode berikutnya", 'meeting_decision == "next_period"', "fork_11"),
        ]),
        End("end", "Indikator tercapai atau waktunya terlampaui", lane=KEPALA),
    ],
    notes=[
        'Pihak: semua lajur di unit yang sama (internal); tidak ada atas nama; satu pemulai.',
        "Lajur mengikuti kolom Pelaksana: 'Kepala UKPBJ', 'Tim Pengelolaan Kelembagaan UKPBJ', "
        "'Penanggung Jawab Kinerja' (halaman kedua menulis 'Tim Pengelolaan Kelompok UKPBJ'; "
        "nama halaman pertama dipakai).",
        "Tidak ada tanda pelaksana yang terbaca. Disimpulkan dari Kualifikasi Pelaksana dan "
        "uraian: 1-5 Tim Pengelolaan Kelembagaan (lokakarya perencanaan, menyiapkan "
        "presentasi); 6 Kepala UKPBJ (analisis dan persetujuan); 7 Kepala UKPBJ (surat edaran "
        "dinas); 8-9 Tim (undangan dan sosialisasi; Kepala UKPBJ berkoordinasi); 10-12 "
        "Penanggung Jawab Kinerja (pemetaan paket, pelaksanaan rencana aksi, laporan per "
        "paket); 13-16 Tim (kompilasi, analisis, laporan, presentasi); 17 Kepala UKPBJ (rapat "
        "dengan pimpinan).",
        "Langkah 6: 'permohonan persetujuan pimpinan' dapat naik ke pimpinan organisasi "
        "(minimal sekretaris daerah), yang tidak punya kolom. Keputusan dicatat di lajur "
        "Kepala UKPBJ, atas nama pimpinan bila pimpinan organisasi yang memutuskan. Perbaikan "
        "(6b) kembali ke langkah 1 (rencana kinerja adalah hasil langkah 1-4).",
        "Kolom Mutu Baku bergeser satu ke kiri di seluruh tabel: kolom 'Waktu' berisi Output "
        "dan kolom 'Output' berisi Keterangan. Dibaca ulang demikian; tidak ada satu pun Waktu "
        "tertulis, sehingga tidak ada timer batas waktu pada langkah.",
        "Baris 1-4 berbagi satu sel Mutu Baku (lokakarya): Perlengkapan dipasang pada langkah 1; "
        "daftar Output dibagi menurut isinya (1: tujuan, area strategis, usulan paket; 2: "
        "indikator dan atribut, template data kinerja; 3: baseline dan target; 4: dokumen "
        "perencanaan kinerja dan usulan surat edaran).",
        "Pelaporan periodik (langkah 15-16: bulanan/triwulan/semesteran/tahunan; 'sesuai "
        "frekuensi pelaporan dari setiap indikator') dimodelkan dengan timer: sesudah langkah "
        "10 gateway paralel membuka langkah 11 dan timer tangkap 'Akhir periode pelaporan'; "
        "langkah 12 dimulai bila keduanya selesai. Durasi timer adalah ekspresi atas field "
        "reporting_frequency langkah 2 (P1M/P3M/P6M/P1Y). Satu frekuensi per kasus (yang "
        "tersering di antara indikator). Tidak dipakai siklus 'R/P1M' tanpa batas: proses harus "
        "bisa berakhir.",
        "Langkah 17: a (perbaikan dieksekusi) dan b (lanjut tanpa perbaikan) sama-sama "
        "melanjutkan ke periode berikutnya (kembali ke gateway paralel sebelum langkah 11); "
        "keduanya satu nilai keputusan 'next_period' dengan field terpisah 'improvements' "
        "(a/b) yang tidak dibaca gateway. c (indikator tercapai atau waktunya terlampaui) "
        "mengakhiri proses. Satu nilai untuk a dan b juga karena simulator mesin membatasi "
        "langkah tanpa keputusan (12-16) pada dua kunjungan per jalur.",
        "Langkah 17 c 'Menyiapkan indikator kinerja telah tercapai' dibaca 'Menyatakan'. "
        "Pilihan pertama di formulir langkah 17 adalah c (mengakhiri), agar isian bawaan "
        "tidak berputar.",
        "Ejaan: 'tujuan PSJ' -> 'tujuan PBJ', 'Mengumpul pulkan' -> 'Mengumpulkan', 'Mem "
        "presentasikan' -> 'Mempresentasikan', 'sekertaris jendra' -> 'sekretaris jenderal'.",
    ],
)
