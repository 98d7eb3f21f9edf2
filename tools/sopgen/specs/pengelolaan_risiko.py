"""SOP Pengelolaan Risiko (Bagian PBJ Setda Kota Pagar Alam, 2024).

Source: /work/shared/seeds/002_928c96537b62e8d7.txt (twelfth SOP of the file). No Pelaksana
mark survived in its table; actors inferred from the Kualifikasi Pelaksana (see NOTES).
"""
from tools.sopgen.model import Sop, Step, Decision, Branch, End, choice, text

OWNER = "Pemilik Risiko"
EXEC = "Pelaksana Rencana Aksi"
COORD = "Koordinator"
COMM = "Komite"
DOCS = "Dokumentasi"

SOP = Sop(
    process_id="pengelolaan_risiko",
    title="Pengelolaan Risiko",
    pool="Bagian Pengadaan Barang dan Jasa Sekretariat Daerah Kota Pagar Alam",
    source="002_928c96537b62e8d7.txt",
    documentation="""\
SOP Pengelolaan Risiko.
Nomor SOP: 16 Tahun 2024. Pemerintah Kota Pagar Alam, Sekretariat Daerah, Bagian Pengadaan Barang/Jasa.
Tanggal pembuatan: 17 Januari 2024; tanggal efektif: 17 Januari 2024. Disahkan oleh Pj. Sekretaris Daerah Kota Pagar Alam.
Peran: Pemilik Risiko (pemilik target kinerja, program kerja, paket pengadaan atau penugasan khusus); Pelaksana Rencana Aksi (pihak yang ditunjuk pemilik risiko); Koordinator (Kepala UKPBJ); Komite (atasan Kepala UKPBJ); Dokumentasi (staf UKPBJ yang ditunjuk atau anggota Tim Pengelolaan Kelembagaan UKPBJ).
Perlengkapan: kriteria dampak dan probabilitas; format identifikasi, analisis, rencana penanganan risiko, pelaporan dan konsolidasi.
Keterkaitan: SOP Perencanaan; SOP Persiapan Pengadaan; SOP Pemilihan; SOP Pelaksanaan Kontrak; SOP Pengelolaan Penyedia.
Dasar hukum (ringkas): PP 60/2008 tentang Sistem Pengendalian Intern Pemerintah; Perpres 12/2021 tentang Pengadaan Barang/Jasa Pemerintah; Peraturan LKPP 14/2018 tentang Unit Kerja Pengadaan Barang/Jasa.""",
    lanes=[OWNER, EXEC, COORD, COMM, DOCS],
    parties={COORD: "cross-unit", COMM: "cross-unit", DOCS: "cross-unit"},
    proxies={COMM: DOCS},
    start_name="Mulai",
    nodes=[
        Step("1", "Mendapatkan penugasan pelaksanaan target kinerja, program kerja, paket "
                  "pengadaan ataupun penugasan khusus", OWNER,
             doc="Mendapatkan penugasan pelaksanaan target kinerja (tujuan strategis), program "
                 "kerja (tupoksi), paket pengadaan ataupun penugasan khusus (proses).",
             waktu="-", outputs=[],
             fields=[
                 choice("assignment_type", "Jenis penugasan", {
                     "performance_target": "Target kinerja (tujuan strategis)",
                     "work_program": "Program kerja (tupoksi)",
                     "procurement_package": "Paket pengadaan",
                     "special_assignment": "Penugasan khusus (proses)",
                 }),
                 text("assignment_name", "Nama penugasan / paket"),
             ],
             attachments=["Dokumen penugasan"]),
        Step("2", "Melakukan identifikasi risiko awal beserta informasi lainnya sesuai dengan "
                  "penugasan", OWNER,
             doc="Pada pengulangan (lanjutan penanganan dari langkah 11) pemilik risiko "
                 "memutakhirkan identifikasi, atau mencatat bahwa identifikasi tidak berubah dan "
                 "langsung melanjutkan ke analisis (langkah 3): 'mengulang proses nomor 2 atau 3'.",
             kelengkapan=["Dokumen pustaka risiko"], waktu="1 hari", duration="P1D",
             outputs=["Identifikasi risiko"],
             fields=[choice("identification_update", "Identifikasi risiko", {
                 "updated": "Identifikasi risiko baru / dimutakhirkan",
                 "unchanged": "Pengulangan: identifikasi tidak berubah, lanjut ke analisis",
             }, required=False)]),
        Step("3", "Melakukan analisis risiko (inherent ataupun residual) atas setiap potensi "
                  "risiko yang telah diidentifikasi", OWNER,
             kelengkapan=["Dokumen identifikasi risiko", "Kriteria dampak dan probabilitas",
                          "Risk tolerance"],
             waktu="1 hari", duration="P1D", outputs=["Analisis risiko"]),
        Step("4", "Menindaklanjuti hasil analisis", OWNER,
             doc="a) Jika perlu ditangani lebih lanjut maka akan disusun rencana penanganannya; "
                 "b) Jika tidak perlu ditangani karena masuk ke batas yang dapat ditolerir.",
             waktu="-", outputs=[],
             fields=[choice("risk_response", "Tindak lanjut hasil analisis", {
                 "treat": "a) Perlu ditangani lebih lanjut: disusun rencana penanganan",
                 "tolerate": "b) Tidak perlu ditangani: masuk batas yang dapat ditolerir",
             })]),
        Decision("gw_04", "Perlu ditangani?", [
            Branch("Perlu ditangani", 'risk_response == "treat"', "step_05"),
            Branch("Dapat ditolerir", 'risk_response == "tolerate"', "step_09"),
        ]),
        Step("5", "Menetapkan peringkat risiko, skala prioritas penanganan dan analisis "
                  "penyebab", OWNER,
             kelengkapan=["Dokumen analisis risiko"], waktu="1 hari", duration="P1D",
             outputs=["Analisis risiko terbaharui"]),
        Step("6", "Menyusun rencana penanganan atas setiap risiko sesuai dengan skala prioritas "
                  "dan penyebab", OWNER,
             kelengkapan=["Dokumen analisis risiko terbaharui"], waktu="1 hari",
             duration="P1D", outputs=["Rencana penanganan"]),
        Step("7", "Melaksanakan eksekusi atas setiap rencana penanganan", EXEC,
             kelengkapan=["Dokumen rencana penanganan risiko"], waktu="-",
             outputs=["Pemantauan dan Pengendalian Risiko"],
             attachments=["Laporan pelaksanaan rencana penanganan"]),
        Step("8", "Melakukan analisis risiko ulang setelah dilakukan penanganan", OWNER,
             kelengkapan=["Laporan pelaksanaan rencana penanganan"], waktu="1 hari",
             duration="P1D", outputs=[], attachments=["Analisis risiko ulang"]),
        Step("9", "Menyusun dan menyampaikan laporan atas setiap aktivitas dalam pengelolaan "
                  "risiko", OWNER,
             waktu="1 hari", duration="P1D",
             outputs=["Laporan Pemantauan dan Pengendalian Risiko"]),
        Step("10", "Melakukan analisis dan konsolidasi laporan pengelolaan risiko", COORD,
             kelengkapan=["Laporan Pemantauan dan Pengendalian Risiko"], waktu="1 hari",
             duration="P1D", outputs=["Laporan konsolidasi dan catatan hasil analisis"]),
        Step("11", "Menindaklanjuti hasil analisis dan konsolidasi pengelolaan risiko", COORD,
             doc="a) Jika tidak perlu dieskalasi namun perlu dilanjutkan pengelolaannya sampai "
                 "dapat dinyatakan selesai (lanjutan penanganan risiko mengulang proses nomor 2 "
                 "atau 3); b) Jika perlu dieskalasi untuk mendapat keputusan; c) Jika tidak "
                 "perlu dieskalasi dan status risiko dapat ditolerir. Dinyatakan selesai jika "
                 "sudah masuk ke area yang bisa ditolerir atau event risikonya sudah lewat.",
             kelengkapan=["Laporan konsolidasi dan catatan hasil analisis", "Risk tolerance"],
             waktu="-", outputs=["Disposisi hasil analisis"],
             fields=[choice("consolidation_decision", "Tindak lanjut", {
                 "tolerable": "c) Tidak perlu dieskalasi, status risiko dapat ditolerir "
                              "(selesai)",
                 "continue": "a) Tidak perlu dieskalasi, pengelolaan dilanjutkan (mengulang "
                             "proses nomor 2 atau 3)",
                 "escalate": "b) Perlu dieskalasi untuk mendapat keputusan",
             })]),
        Decision("gw_11", "Tindak lanjut konsolidasi?", [
            Branch("Lanjutkan pengelolaan", 'consolidation_decision == "continue"', "step_02"),
            Branch("Perlu eskalasi", 'consolidation_decision == "escalate"', "step_12"),
            Branch("Dapat ditolerir", 'consolidation_decision == "tolerable"', "step_14"),
        ]),
        Step("12", "Melakukan analisis atas pengajuan eskalasi", COMM,
             doc="Komite (atasan Kepala UKPBJ) tidak memakai Alur sendiri: analisis dan "
                 "keputusannya dicatat oleh staf UKPBJ atas nama Komite.",
             kelengkapan=["Disposisi hasil analisis"], waktu="1 hari", duration="P1D",
             outputs=["Disposisi keputusan"]),
        Step("13", "Menindaklanjuti hasil analisis dan konsolidasi pengelolaan risiko", COORD,
             doc="Menindaklanjuti disposisi keputusan: a) Jika perlu penanganan lanjutan oleh "
                 "pemilik risiko (kembali ke langkah 11, yang menyerahkan lanjutan pengelolaan "
                 "kepada pemilik risiko); b) Jika status risiko dapat ditolerir.",
             kelengkapan=["Disposisi keputusan", "Risk tolerance"], waktu="-", outputs=[],
             fields=[choice("decision_follow_up", "Tindak lanjut keputusan", {
                 "tolerable": "b) Status risiko dapat ditolerir (selesai)",
                 "further_handling": "a) Perlu penanganan lanjutan oleh pemilik risiko",
             })]),
        Decision("gw_13", "Perlu penanganan lanjutan?", [
            Branch("Penanganan lanjutan", 'decision_follow_up == "further_handling"',
                   "step_11"),
            Branch("Dapat ditolerir", 'decision_follow_up == "tolerable"', "step_14"),
        ]),
        Step("14", "Mendokumentasikan seluruh laporan dan melakukan pemutakhiran pustaka "
                   "risiko", DOCS,
             kelengkapan=["Laporan pengelolaan risiko"], waktu="2 hari", duration="P2D",
             outputs=["Dokumen pustaka risiko yang terbaharui"]),
        End("end", "Selesai: pustaka risiko dimutakhirkan", lane=DOCS),
    ],
    notes=[
        'Pihak: Pemilik Risiko memulai di unitnya, Pelaksana Rencana Aksi ditunjuk pemilik (unit yang sama); Koordinator (Kepala UKPBJ), Komite (atasan Kepala UKPBJ) dan Dokumentasi (staf UKPBJ): lintas unit. Atas nama: Dokumentasi (staf UKPBJ) mencatat langkah Komite (alur:proxy).',
        "Lajur mengikuti kolom Pelaksana: 'Pemilik Risiko', 'Pelaksana Rencana Aksi', "
        "'Koordinator', 'Komite', 'Dokumentasi'.",
        "Tidak ada tanda pelaksana yang terbaca di tabel. Pelaksana disimpulkan dari "
        "Kualifikasi Pelaksana: Pemilik Risiko mengelola identifikasi, analisis, respons dan "
        "pemantauan (1-6, 8, 9); Pelaksana Rencana Aksi mengeksekusi rencana (7); Koordinator "
        "(Kepala UKPBJ) mengonsolidasi dan menindaklanjuti (10, 11, 13); Komite mengawasi dan "
        "memutus eskalasi (12); Dokumentasi mengarsipkan dan memutakhirkan pustaka risiko (14).",
        "Langkah 11 b) berbunyi 'perlu dieskalasi ke koordinator', padahal langkah 10-11 sendiri "
        "dikerjakan Koordinator. Dibaca sebagai eskalasi ke Komite (satu-satunya pelaksana "
        "langkah 12 yang masuk akal; SOP Manajemen Resiko di dokumen yang sama menulis "
        "'dieskalasi ke komite etik/clearing house'). Label alur: 'Perlu eskalasi'.",
        "Komite (atasan Kepala UKPBJ) tidak diasumsikan memakai Alur: langkah 12 tetap di lajur "
        "Komite, dicatat oleh staf UKPBJ atas nama Komite (ditulis di dokumentasi langkah).",
        "Langkah 4 b) (tidak perlu ditangani, dapat ditolerir): teks tidak menyebut langkah "
        "tujuannya. Dilanjutkan ke langkah 9 (laporan kepada Koordinator), agar risiko yang "
        "ditolerir tetap dilaporkan, dikonsolidasi (10-11) dan didokumentasikan (14).",
        "'Lanjutan penanganan risiko akan mengulang proses nomor 2 atau 3' (keterangan langkah "
        "11): satu cabang 'Lanjutkan pengelolaan' kembali ke langkah 2; formulir langkah 2 "
        "mencatat bila identifikasi tidak berubah sehingga pemilik risiko langsung lanjut ke "
        "analisis (langkah 3). Dua cabang terpisah ke 2 dan ke 3 tidak dipakai: simulator "
        "mesin membatasi setiap langkah tanpa keputusan pada dua kunjungan per jalur, dan dua "
        "putaran lewat langkah 3-10 dalam satu jalur tidak dapat ditelusuri.",
        "Langkah 13 a) (perlu penanganan lanjutan oleh pemilik risiko) kembali ke langkah 11, "
        "tempat Koordinator menyerahkan lanjutan pengelolaan kepada pemilik risiko (cabang "
        "'Lanjutkan pengelolaan' -> langkah 2). Langkah 11 dan 13 berbunyi sama ('Menindaklanjuti "
        "hasil analisis dan konsolidasi pengelolaan risiko'); kembali langsung ke langkah 2 "
        "dari langkah 13 akan membuat dua putaran terpisah lewat langkah 2-10 (lihat catatan "
        "simulator di atas).",
        "Langkah 11 c) dan 13 b) (dapat ditolerir / event risiko sudah lewat: 'dinyatakan "
        "selesai') -> langkah 14 (dokumentasi) -> selesai. Langkah 14 tidak punya tanda "
        "urutan; ditempatkan sebagai langkah penutup setiap jalur.",
        "Waktu kosong pada langkah 1, 4, 7, 11, 13: tanpa timer (versi SOP Manajemen Resiko di "
        "dokumen yang sama memberi waktu lain; tidak dipinjam).",
        "Langkah 7 menghasilkan 'Pemantauan dan Pengendalian Risiko' (Output); lampirannya "
        "'Laporan pelaksanaan rencana penanganan', yang menjadi Kelengkapan langkah 8.",
        "Pilihan keputusan langkah 11 dan 13 diawali pilihan yang mengakhiri putaran "
        "(dapat ditolerir), lalu pilihan lain; huruf a/b/c SOP tetap pada labelnya.",
        "Ejaan: 'paket pengabdian' -> 'paket pengadaan', '(pmsas)' -> '(proses)' (dibandingkan "
        "dengan SOP Manajemen Resiko), 'aktifitas' -> 'aktivitas'.",
    ],
)
