"""SOP Pencatatan Kinerja Penyedia (Bagian PBJ Setda Kota Pagar Alam, 2024).

Source: /work/shared/seeds/002_928c96537b62e8d7.txt (tenth SOP of the file). The step numbers
survived in the Pelaksana columns; see NOTES for the judgement calls.
"""
from tools.sopgen.model import Sop, Step, Decision, Branch, End, choice, date, number, text

PPK = "PPK"
TIM = "Tim UKPBJ"
PA = "PA/KPA"

SOP = Sop(
    process_id="pencatatan_kinerja_penyedia",
    title="Pencatatan Kinerja Penyedia",
    pool="Bagian Pengadaan Barang dan Jasa Sekretariat Daerah Kota Pagar Alam",
    source="002_928c96537b62e8d7.txt",
    documentation="""\
SOP Pencatatan Kinerja Penyedia.
Nomor SOP: 16 Tahun 2024. Pemerintah Kota Pagar Alam, Sekretariat Daerah, Bagian Pengadaan Barang dan Jasa.
Tanggal pembuatan: 17 Januari 2024; tanggal efektif: 17 Januari 2024. Disahkan oleh Pj. Sekretaris Daerah Kota Pagar Alam.
Standar pencatatan kinerja penyedia untuk meningkatkan ketersediaan dan kapasitas penyedia. Dapat dilaksanakan secara langsung (tatap muka) maupun tidak langsung (melalui media seperti website).
Keterkaitan: SOP Analisis Ketersediaan Pelaku Usaha; SOP Pelaksanaan Kontrak; SOP Registrasi Pelaku Usaha.
Dasar hukum (ringkas): UU 25/2009 tentang Pelayanan Publik; Perpres 12/2021 tentang Perubahan atas Perpres 16/2018 tentang Pengadaan Barang/Jasa Pemerintah; Permen PANRB 35/2012 tentang Pedoman Penyusunan SOP Administrasi Pemerintahan; Peraturan LKPP 12/2021 tentang Pedoman Pelaksanaan Pengadaan Barang/Jasa Pemerintah melalui Penyedia; Peraturan LKPP 4/2021 tentang Pembinaan Pelaku Usaha Pengadaan Barang/Jasa Pemerintah.""",
    lanes=[PPK, TIM, PA],
    parties={TIM: "cross-unit"},
    start_name="Mulai: BAST, penghentian atau pemutusan kontrak",
    nodes=[
        Step("1", "Mengirimkan undangan rapat penilaian kinerja penyedia sesuai kontrak pada "
                  "saat BAST", PPK,
             doc="PPK mengirimkan undangan rapat kegiatan penilaian kinerja hasil pelaksanaan "
                 "kinerja penyedia sesuai kontrak pada saat BAST. Dilaksanakan setelah: "
                 "1) Penyedia melakukan serah terima hasil pekerjaan kepada PPK; 2) PPK "
                 "menghentikan kontrak karena keadaan kahar; 3) PPK melakukan pemutusan kontrak "
                 "karena kesalahan penyedia.",
             kelengkapan=["Data Kontrak", "SPMK", "Laporan Penyedia"],
             waktu="1 Hari rapat", duration="P1D", outputs=["Undangan rapat"],
             fields=[
                 choice("assessment_trigger", "Penilaian dilaksanakan setelah", {
                     "handover": "Serah terima hasil pekerjaan kepada PPK",
                     "force_majeure": "Penghentian kontrak karena keadaan kahar",
                     "termination": "Pemutusan kontrak karena kesalahan penyedia",
                 }),
                 text("contract_number", "Nomor kontrak"),
                 text("provider_name", "Nama penyedia"),
                 date("meeting_date", "Tanggal rapat penilaian kinerja"),
             ]),
        Step("2", "Download template penilaian kinerja penyedia sesuai Perka LKPP Nomor 4 "
                  "Tahun 2021 di website LPSE Kota Pagar Alam", TIM,
             kelengkapan=["Komputer", "Internet"], waktu="30 menit", duration="PT30M",
             outputs=[], attachments=["Template penilaian kinerja penyedia"]),
        Step("3", "Melakukan rapat penilaian kinerja bersama penyedia", PPK,
             doc="PPK melakukan rapat penilaian kinerja bersama penyedia. Penilaian menurut "
                 "jenis pekerjaan: a. scoring 4 indikator untuk pekerjaan konstruksi; "
                 "b. tanda bintang untuk pekerjaan e-purchasing.",
             kelengkapan=["Template scoring kinerja penyedia"],
             waktu="180 Menit", duration="PT3H",
             outputs=["Berita Acara Penilaian penyedia"],
             fields=[choice("work_type", "Jenis pekerjaan yang dinilai", {
                 "construction": "Pekerjaan konstruksi (scoring 4 indikator)",
                 "epurchasing": "Pekerjaan e-purchasing (penilaian tanda bintang)",
             })]),
        Decision("gw_03", "Jenis pekerjaan?", [
            Branch("Konstruksi", 'work_type == "construction"', "step_03a"),
            Branch("E-purchasing", 'work_type == "epurchasing"', "step_03b"),
        ]),
        Step("3a", "Memberikan scoring nilai sesuai 4 indikator penilaian untuk pekerjaan "
                   "konstruksi", PPK,
             waktu="20 menit", duration="PT20M",
             outputs=["Berita Acara Penilaian penyedia konstruksi"],
             fields=[number("score", "Nilai kinerja (scoring 4 indikator)")],
             next="step_04"),
        Step("3b", "Memberikan penilaian kinerja berupa tanda bintang untuk pekerjaan "
                   "e-purchasing", PPK,
             waktu="10 menit", duration="PT10M",
             outputs=["Berita Acara Penilaian penyedia barang"],
             fields=[choice("stars", "Penilaian (tanda bintang)", {
                 "1": "1 bintang", "2": "2 bintang", "3": "3 bintang", "4": "4 bintang",
                 "5": "5 bintang"}, widget="select")]),
        Step("4", "Menginput hasil penilaian kinerja melalui website LPSE (terintegrasi dengan "
                  "aplikasi SIKaP)", PPK,
             doc="PPK menginput hasil penilaian kinerja melalui website LPSE dengan mengklik "
                 "tombol penilaian dan akan terintegrasi dengan aplikasi SIKaP.",
             kelengkapan=["Komputer", "Website LPSE"], waktu="30 menit", duration="PT30M",
             outputs=["Screenshot penilaian di LPSE atau SIKaP"]),
        Step("5", "Mengirimkan hasil scoring penilaian kinerja dan copy notulensi rapat ke Tim "
                  "UKPBJ; bila kinerja buruk mengusulkan sanksi daftar hitam ke PA", PPK,
             doc="Mengirimkan hasil scoring penilaian kinerja dan copy hasil notulensi rapat ke "
                 "Tim UKPBJ. Bila penilaian kinerja buruk maka PPK mengusulkan ke PA untuk "
                 "dikenakan sanksi daftar hitam.",
             kelengkapan=["Berita acara penilaian kinerja penyedia"],
             waktu="1 hari", duration="P1D", outputs=[],
             attachments=["Hasil scoring penilaian kinerja", "Copy notulensi rapat",
                          "Usulan sanksi daftar hitam (bila kinerja buruk)"],
             fields=[choice("performance", "Hasil penilaian kinerja", {
                 "poor": "Kinerja buruk: diusulkan ke PA untuk dikenakan sanksi daftar hitam",
                 "not_poor": "Kinerja tidak buruk",
             })]),
        Decision("gw_05", "Kinerja buruk?", [
            Branch("Buruk: usul daftar hitam", 'performance == "poor"', "step_06"),
            Branch("Tidak buruk", 'performance == "not_poor"', "step_07"),
        ]),
        Step("6", "Memberikan sanksi daftar hitam", PA,
             doc="PA memberikan sanksi daftar hitam atas usulan PPK.",
             waktu="-", outputs=[], attachments=["Penetapan sanksi daftar hitam"]),
        Step("7", "Merekapitulasi hasil penilaian kinerja PPK terhadap paket-paket pekerjaan "
                  "selama tahun berjalan", TIM,
             kelengkapan=["Materi presentasi laporan pencapaian kinerja"],
             waktu="2 hari", duration="P2D",
             outputs=["Laporan akhir penilaian kinerja penyedia"]),
        End("end", "Selesai", lane=TIM),
    ],
    notes=[
        'Pihak: PPK memulai di perangkat daerahnya, PA/KPA di perangkat yang sama (internal); Tim UKPBJ di Bagian PBJ: lintas unit.',
        "Lajur mengikuti kolom Pelaksana: 'PPK', 'Tim UKPBJ' (judul kolom 'TIM UKPBJ', ditulis "
        "seperti di Kualifikasi Pelaksana dan uraian langkah), 'PA/KPA'.",
        "Pelaksana menurut tanda nomor di tabel: 1 (tanda 'Mulai'), 3, 3a-3b, 4 di kolom PPK; "
        "2 dan 7 di kolom Tim UKPBJ; 6 di kolom PA/KPA; 'Selesai' di kolom Tim UKPBJ.",
        "Langkah 5: tanda nomor ada di kolom Tim UKPBJ, tetapi uraiannya adalah tindakan PPK "
        "(mengirim hasil scoring ke Tim UKPBJ; 'PPK mengusulkan ke PA'). Tanda dibaca sebagai "
        "tujuan kiriman; langkah 5 di lajur PPK.",
        "Keterangan langkah 1 (dilaksanakan setelah serah terima, penghentian karena kahar, atau "
        "pemutusan kontrak) adalah syarat mulai, bukan percabangan: dicatat sebagai pilihan di "
        "formulir langkah 1 dan pada nama peristiwa mulai.",
        "Sub-kegiatan 3a (konstruksi) dan 3b (e-purchasing) bergantung pada jenis pekerjaan: "
        "jalur alternatif dengan gateway 'Jenis pekerjaan?' atas field work_type langkah 3, "
        "bertemu kembali sebelum langkah 4.",
        "Keputusan 'bila penilaian kinerja buruk' di langkah 5: gateway 'Kinerja buruk?' atas "
        "field performance; buruk -> langkah 6 (PA memberikan sanksi daftar hitam) -> langkah 7; "
        "tidak buruk -> langkah 7. Teks tidak memberi pilihan PA menolak usulan: tanpa gateway "
        "sesudah langkah 6.",
        "Waktu '1 Hari rapat' langkah 1 dibaca sebagai 1 hari (P1D); '180 Menit' = PT3H. "
        "Langkah 6 tanpa Waktu: tanpa timer.",
        "Langkah 7 (rekap selama tahun berjalan) dijalankan di setiap kasus sebagai pemutakhiran "
        "rekap; Kelengkapan 'Materi presentasi laporan pencapaian kinerja' ditulis sesuai teks.",
        "Ejaan: 'terintegritas' -> 'terintegrasi', 'Screenshoot' -> 'Screenshot', 'SIKAP' -> "
        "'SIKaP'. Awalan 'PPK ...' / 'PA ...' / 'Tim UKPBJ ...' pada uraian dihapus dari nama "
        "langkah (lajur sudah menyebut pelaksana); uraian yang dipersingkat disimpan utuh di "
        "dokumentasi langkah.",
    ],
)
