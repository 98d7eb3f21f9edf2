"""SOP Manajemen Resiko Pengadaan Barang/Jasa (Bagian PBJ Setda Kota Pagar Alam, 2024).

Source: /work/shared/seeds/002_928c96537b62e8d7.txt (table "Prosedur Manajemen Resiko Strategis
PBJ"). Steps 1-7 carry their marks in the Pemilik Resiko column; from step 8 on the marks were
lost and the Mutu Baku columns shifted; actors inferred (see NOTES).
"""
from tools.sopgen.model import Sop, Step, Decision, Branch, End, choice, text

OWNER = "Pemilik Resiko (PA, PPK, Kepala Bagian PBJ, Pokja Pemilihan)"
TIM = "Tim Pengelolaan Kelembagaan UKPBJ (Sekda/Asisten)"
KOMITE = "Komite Etik/Clearing House"

RESTART = "Lanjutan penanganan resiko akan mengulang proses nomor 2 atau 3."
DONE = ("Dinyatakan selesai jika sudah masuk ke area yang bisa ditolerir atau event resikonya "
        "sudah lewat.")

SOP = Sop(
    process_id="manajemen_risiko_strategis",
    title="Manajemen Resiko Pengadaan Barang/Jasa",
    pool="Bagian Pengadaan Barang dan Jasa Sekretariat Daerah Kota Pagar Alam",
    source="002_928c96537b62e8d7.txt",
    documentation="""\
SOP Manajemen Resiko Pengadaan Barang Jasa (Prosedur Manajemen Resiko Strategis PBJ).
Nomor SOP: 16 Tahun 2024. Pemerintah Kota Pagar Alam, Bagian Pengadaan Barang dan Jasa.
Tanggal pembuatan: 17 Januari 2024; tanggal efektif: 17 Januari 2024. Disahkan oleh Pj. Sekretaris Daerah Kota Pagar Alam.
Dasar hukum (ringkas): PP 60/2008 tentang Sistem Pengendalian Intern Pemerintah; Perpres 12/2021 tentang Perubahan atas Perpres 16/2018 tentang Pengadaan Barang/Jasa Pemerintah; Peraturan LKPP 14/2018 tentang Unit Kerja Pengadaan Barang/Jasa.
Perlengkapan: kriteria dampak dan probabilitas; format identifikasi, analisis, rencana penanganan resiko, pelaporan dan konsolidasi.""",
    lanes=[OWNER, TIM, KOMITE],
    parties={TIM: "cross-unit", KOMITE: "cross-unit"},
    proxies={KOMITE: TIM},
    start_name="Mulai",
    nodes=[
        Step("1", "Mendapatkan penugasan pelaksanaan target kinerja, program kerja, paket "
                  "pengadaan maupun penugasan khusus", OWNER,
             doc="Mendapatkan penugasan pelaksanaan target kinerja (tujuan strategis), program "
                 "kerja (tupoksi), paket pengadaan maupun penugasan khusus (proses). Mengacu "
                 "kepada penugasan untuk melaksanakan sebuah paket pengadaan.",
             waktu="1 hari", duration="P1D", outputs=[],
             attachments=["Surat penugasan"],
             fields=[text("assignment", "Penugasan / paket pengadaan")]),
        Step("2", "Melakukan analisis resiko awal beserta informasi lainnya sesuai dengan "
                  "penugasan", OWNER,
             doc="Pada pengulangan (lanjutan pengelolaan dari langkah 11) pemilik resiko "
                 "memutakhirkan identifikasi, atau mencatat bahwa identifikasi tidak berubah dan "
                 "langsung melanjutkan ke analisis (langkah 3): 'mengulang proses nomor 2 atau 3'.",
             kelengkapan=["Dokumen resiko"], waktu="5 hari", duration="P5D",
             outputs=["Identifikasi resiko"],
             fields=[choice("identification_update", "Identifikasi resiko", {
                 "updated": "Identifikasi resiko baru / dimutakhirkan",
                 "unchanged": "Pengulangan: identifikasi tidak berubah, lanjut ke analisis "
                              "(langkah 3)"}, required=False)]),
        Step("3", "Melakukan analisis resiko atas setiap resiko yang telah diidentifikasi",
             OWNER,
             kelengkapan=["Dokumen resiko", "Identifikasi resiko",
                          "Kriteria dampak dan probabilitas"],
             waktu="3 hari", duration="P3D", outputs=["Analisis resiko"]),
        Step("4", "Menindaklanjuti hasil analisis", OWNER,
             doc="a. Jika perlu ditangani lebih lanjut, maka akan disusun rencana "
                 "penanganannya; b. Jika tidak perlu ditangani karena masuk ke batas yang "
                 "ditolerir.",
             kelengkapan=["Risk Tolerance"], waktu="-", outputs=[],
             fields=[choice("risk_treatment", "Tindak lanjut hasil analisis", {
                 "treat": "a. Perlu ditangani lebih lanjut: disusun rencana penanganan",
                 "tolerable": "b. Tidak perlu ditangani: masuk batas yang dapat ditolerir"})]),
        Decision("gw_04", "Perlu ditangani lebih lanjut?", [
            Branch("Perlu ditangani", 'risk_treatment == "treat"', "step_05"),
            Branch("Dapat ditolerir", 'risk_treatment == "tolerable"', "step_09"),
        ]),
        Step("5", "Menetapkan peringkat resiko, skala prioritas penanganan dan analisis "
                  "penyebab", OWNER,
             kelengkapan=["Dokumen analisis resiko"], waktu="2 hari", duration="P2D",
             outputs=["Analisis resiko terbaru"]),
        Step("6", "Menyusun rencana penanganan atas setiap resiko sesuai dengan skala "
                  "prioritas dan penyebab", OWNER,
             kelengkapan=["Dokumen analisis resiko terbaharui"], waktu="3 hari",
             duration="P3D", outputs=["Rencana penanganan"]),
        Step("7", "Melaksanakan eksekusi atas setiap rencana penanganan", OWNER,
             kelengkapan=["Dokumen rencana penanganan resiko"], waktu="4 hari",
             duration="P4D", outputs=["Pemantauan dan pengendalian resiko"]),
        Step("8", "Melakukan analisis resiko ulang setelah dilakukan penanganan", OWNER,
             kelengkapan=["Laporan pelaksanaan rencana penanganan"], waktu="4 hari",
             duration="P4D", outputs=["Pemantauan dan pengendalian resiko"]),
        Step("9", "Menyusun dan menyampaikan laporan atas setiap aktifitas dalam "
                  "pengendalian resiko", OWNER,
             waktu="2 hari", duration="P2D",
             outputs=["Laporan pemantauan dan pengendalian resiko"]),
        Step("10", "Melakukan analisis dan konsolidasi laporan pengelolaan resiko", TIM,
             doc=DONE,
             kelengkapan=["Laporan pemantauan dan pengendalian resiko"], waktu="1 hari",
             duration="P1D", outputs=["Laporan konsolidasi dan catatan hasil analisis"]),
        Step("11", "Menindaklanjuti hasil analisis dan konsolidasi pengelolaan resiko", TIM,
             doc="a. Jika tidak perlu dieskalasi namun perlu dilanjutkan pengelolaannya sampai "
                 "dapat dinyatakan selesai; b. Jika tidak perlu dieskalasi ke komite "
                 "etik/clearing house dan status resiko dapat ditolerir; c. Jika perlu "
                 "dieskalasi ke komite etik/clearing house untuk mendapat keputusan. "
                 + DONE + " " + RESTART,
             kelengkapan=["Laporan konsolidasi hasil analisis", "Risk tolerance"],
             waktu="1 hari", duration="P1D", outputs=["Disposisi hasil analisis"],
             fields=[choice("consolidation_followup", "Tindak lanjut hasil konsolidasi", {
                 "tolerable": "b. Tidak perlu dieskalasi, status resiko dapat ditolerir "
                              "(selesai)",
                 "continue": "a. Tidak perlu dieskalasi, pengelolaan dilanjutkan sampai dapat "
                             "dinyatakan selesai (mengulang proses nomor 2 atau 3)",
                 "escalate": "c. Perlu dieskalasi ke Komite Etik/Clearing House"})]),
        Decision("gw_11", "Tindak lanjut hasil konsolidasi?", [
            Branch("Dapat ditolerir", 'consolidation_followup == "tolerable"', "step_14"),
            Branch("Lanjut", 'consolidation_followup == "continue"', "step_02"),
            Branch("Perlu eskalasi", 'consolidation_followup == "escalate"', "step_12"),
        ]),
        Step("12", "Melakukan analisis atas pengajuan eskalasi dan pengambilan keputusan",
             KOMITE,
             doc="Komite Etik/Clearing House tidak memakai sistem: keputusannya dicatat oleh "
                 "staf atas nama Komite.",
             kelengkapan=["Disposisi hasil analisis"], waktu="2 hari", duration="P2D",
             outputs=["Disposisi keputusan"],
             fields=[text("recorded_for", "Dicatat atas nama (nama dan jabatan anggota Komite "
                                          "yang memutuskan)")]),
        Step("13", "Menindaklanjuti hasil analisis dan konsolidasi pengelolaan resiko", TIM,
             doc="Menindaklanjuti hasil analisis dan konsolidasi pengelolaan resiko jika perlu "
                 "penanganan lanjutan oleh pemilik resiko dan jika status resiko dapat di "
                 "tolerir. Penanganan lanjutan kembali ke langkah 11, tempat pengelolaan "
                 "diserahkan kembali kepada pemilik resiko (" + RESTART[:-1] + ").",
             kelengkapan=["Laporan konsolidasi dan catatan hasil analisis", "Risk tolerance"],
             waktu="1 hari", duration="P1D", outputs=[],
             fields=[choice("decision_followup", "Tindak lanjut keputusan Komite", {
                 "tolerable": "Status resiko dapat ditolerir (selesai)",
                 "further": "Perlu penanganan lanjutan oleh pemilik resiko (kembali ke "
                            "langkah 11)"})]),
        Decision("gw_13", "Perlu penanganan lanjutan?", [
            Branch("Ditolerir", 'decision_followup == "tolerable"', "step_14"),
            Branch("Lanjutan", 'decision_followup == "further"', "step_11"),
        ]),
        Step("14", "Mendokumentasikan seluruh laporan dan melakukan pemutakhiran pustaka "
                   "resiko", TIM,
             kelengkapan=["Laporan pengelolaan resiko"], waktu="1 hari", duration="P1D",
             outputs=["Dokumen pustaka resiko yang terbaharui"]),
        End("end", "Selesai: resiko dapat ditolerir, pustaka resiko termutakhirkan"),
    ],
    notes=[
        'Pihak: Pemilik Resiko memulai di unitnya; Tim Pengelolaan Kelembagaan UKPBJ (Sekda/Asisten) dan Komite Etik/Clearing House di Setda: lintas unit. Atas nama: staf Tim mencatat keputusan Komite (alur:proxy).',
        "Lajur mengikuti kolom Pelaksana: 'Pemilik Resiko (PA, PPK, Kepala Bagian PBJ, Pokja "
        "Pemilihan)', 'Tim Pengelolaan Kelembagaan UKPBJ (Sekda/Asisten)' (ejaan 'Assisten' "
        "diperbaiki), 'Komite Etik/Clearing House'.",
        "Langkah 1-7: tanda ('mulai', 2-7) ada di kolom Pemilik Resiko. Mulai langkah 8 tanda "
        "hilang dan kolom Mutu Baku bergeser satu kolom ke kiri. Pelaksana disimpulkan dari "
        "Kualifikasi Pelaksana dan SOP Pengelolaan Risiko dalam dokumen yang sama (langkah "
        "sama): 8-9 Pemilik Resiko (mengelola resiko sampai monitoring dan control); 10, 11 "
        "dan 13 Tim Pengelolaan Kelembagaan UKPBJ (koordinator: konsolidasi, monitoring, "
        "control, evaluasi); 12 Komite Etik/Clearing House (keputusan atas eskalasi); 14 Tim "
        "Pengelolaan Kelembagaan UKPBJ (dokumentasi: 'Staf UKPBJ yang ditunjuk atau anggota "
        "Tim pengelolaan kelembagaan UKPBJ' menurut SOP Pengelolaan Risiko).",
        "Komite Etik/Clearing House tidak memakai sistem: langkah 12 dicatat oleh staf atas "
        "nama Komite (isian 'Dicatat atas nama'). Keputusan Sekda/Asisten dalam lajur Tim "
        "juga dicatat oleh staf Tim atas nama pejabatnya.",
        "Langkah 4 (a/b): 'Perlu ditangani' ke langkah 5; 'Dapat ditolerir' (tidak ada langkah "
        "yang disebut) ke langkah 9 (laporan), sehingga resiko yang ditolerir tetap dilaporkan, "
        "dikonsolidasikan (10-11) dan didokumentasikan (14). Langkah 4 tanpa Waktu: tanpa timer.",
        "Langkah 11 (a/b/c): (b) dapat ditolerir -> langkah 14; (c) eskalasi -> langkah 12 "
        "(Komite) -> langkah 13; (a) pengelolaan dilanjutkan: 'Lanjutan penanganan resiko akan "
        "mengulang proses nomor 2 atau 3' (Keterangan) -> satu cabang kembali ke langkah 2; "
        "formulir langkah 2 mencatat bila identifikasi tidak berubah sehingga pemilik resiko "
        "langsung lanjut ke analisis (langkah 3). Dua cabang terpisah ke 2 dan ke 3 tidak "
        "dipakai: simulator mesin membatasi setiap langkah tanpa keputusan pada dua kunjungan "
        "per jalur, sehingga dua putaran lewat langkah 3-10 dalam satu jalur gagal diperiksa. "
        "Sama dengan pemodelan SOP Pengelolaan Risiko (pengelolaan_risiko) di dokumen yang sama.",
        "Langkah 13 (perlu penanganan lanjutan oleh pemilik resiko / dapat ditolerir): "
        "penanganan lanjutan kembali ke langkah 11 (bunyi langkah 11 dan 13 sama), tempat Tim "
        "menyerahkan lanjutan pengelolaan kepada pemilik resiko lewat cabang 'Lanjutkan "
        "pengelolaan' -> langkah 2; kembali langsung dari 13 ke langkah 2 akan membuat putaran "
        "kedua lewat langkah 2-10 (batas simulator di atas). Dapat ditolerir -> langkah 14.",
        "Urutan pilihan pada formulir 11 dan 13 menaruh 'dapat ditolerir' lebih dulu (pilihan "
        "bawaan yang mengakhiri perulangan); huruf a/b/c SOP tetap tertulis pada labelnya.",
        "Langkah 2: kata SOP 'analisis resiko awal' dipertahankan (Output-nya Identifikasi "
        "resiko). Langkah 3 'atas setiap yang telah diidentifikasi' dilengkapi 'resiko'. "
        "Output langkah 10 'Laporan konsolidasi an catatan' dibaca 'dan catatan'; 'Renacana' "
        "dibaca 'Rencana'.",
        "Kelengkapan langkah 9 kosong di SOP; langkah 1 dan 13 tanpa Output.",
        "Tata letak: langkah digambar dalam urutan SOP (10, 11, 12, 13, 14); cabang kembali "
        "(13 -> 11, 11 -> 2) lewat jalur di atas baris langkah, label cabang diletakkan di tempat "
        "yang tidak menimpa label lain.",
    ],
)
