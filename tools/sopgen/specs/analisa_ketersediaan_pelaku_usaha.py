"""SOP Analisa Ketersediaan Pelaku Usaha (Bagian PBJ Setda Kota Pagar Alam, 2024).

Source: /work/shared/seeds/002_928c96537b62e8d7.txt. Most Pelaksana marks were lost; the
flowchart fragments that survived (rows 4, 5, 8, 9, 10) place the decision and the later steps
in the Jabfung PPBJ column and step 5 with its end in the PPK column. No step has a Waktu.
"""
from tools.sopgen.model import Sop, Step, Decision, Branch, End, Field, choice, number

JF = "Jabfung PPBJ"
PPK = "PPK"

SOP = Sop(
    process_id="analisa_ketersediaan_pelaku_usaha",
    title="Analisa Ketersediaan Pelaku Usaha",
    pool="Bagian Pengadaan Barang dan Jasa Sekretariat Daerah Kota Pagar Alam",
    source="002_928c96537b62e8d7.txt",
    documentation="""\
SOP Analisa Ketersediaan Pelaku Usaha.
Nomor SOP: 16 Tahun 2024. Pemerintah Kota Pagar Alam, Bagian Pengadaan Barang/Jasa.
Tanggal pembuatan: 17 Januari 2024; tanggal efektif: 17 Januari 2024. Disahkan oleh Pj. Sekretaris Daerah Kota Pagar Alam.
Dasar hukum (ringkas): UU 25/2009 tentang Pelayanan Publik; UU 30/2014 tentang Administrasi Pemerintahan; PP 82/2012 tentang Penyelenggaraan Sistem dan Transaksi Elektronik; Perpres 12/2021 tentang Pengadaan Barang/Jasa Pemerintah; Permen PANRB 35/2012 tentang Pedoman Penyusunan SOP Administrasi Pemerintahan; Peraturan LKPP 9/2018 tentang Pedoman Pelaksanaan Pengadaan Barang/Jasa melalui Penyedia.""",
    lanes=[JF, PPK],
    parties={PPK: "cross-unit"},
    start_name="Mulai",
    nodes=[
        Step("1", "Mereviu dokumen Rencana Umum Pengadaan dan dokumen perencanaan lainnya", JF,
             kelengkapan=["RKA", "RUP", "Draft spesifikasi teknis/KAK", "RAB", "DIPA/DPA"],
             outputs=["Informasi barang/jasa yang dibutuhkan dan kualifikasi penyedia "
                      "teridentifikasi"],
             attachments=[]),
        Step("2", "Pengumpulan, pengolahan dan analisa data penyedia/pelaku usaha", JF,
             doc="Pengumpulan, pengolahan dan analisa data penyedia/pelaku usaha dari sumber "
                 "informasi yang ditentukan. Data penyedia diperoleh dari: 1. SPSE; 2. SIKaP; 3. Sistem Informasi Lainnya "
                 "(jika ada); 4. Analisa Pasar (jika diperlukan). Informasi pasar dapat diperoleh "
                 "dari: a. kuesioner ke penyedia; b. asosiasi/website industri; c. penelitian; "
                 "d. subjek ahli; e. seminar dengan penyedia; f. media sosial; g. sumber lainnya.",
             kelengkapan=["Data penyedia dari SPSE", "Data penyedia dari SIKaP"],
             outputs=["Hasil pengumpulan, pengolahan, dan analisa data pelaku usaha/penyedia"],
             fields=[Field("data_sources", "Sumber data lain yang dipakai", type="array",
                           items_enum=["other_systems", "market_analysis"],
                           labels={"other_systems": "Sistem Informasi Lainnya (jika ada)",
                                   "market_analysis": "Analisa Pasar (jika diperlukan)"},
                           widget="checkboxes", required=False)]),
        Step("3", "Memilih pelaku usaha yang sesuai dengan syarat-syarat kualifikasi "
                  "penyedia", JF,
             kelengkapan=["Hasil pengumpulan, pengolahan dan analisa data pelaku "
                          "usaha/penyedia"],
             outputs=["Daftar pelaku usaha yang sesuai dengan syarat-syarat kualifikasi "
                      "penyedia"],
             fields=[number("qualified_count", "Jumlah pelaku usaha yang sesuai")]),
        Step("4", "Evaluasi dokumen dan pembuktian kualifikasi penyedia", JF,
             doc="a. Jika terdapat pelaku usaha yang sesuai dengan syarat-syarat kualifikasi "
                 "penyedia, maka dilanjutkan ke penetapan daftar pelaku usaha terkualifikasi; "
                 "b. Jika tidak ada pelaku usaha yang sesuai dengan syarat-syarat kualifikasi "
                 "penyedia, maka hasil evaluasi kualifikasi diserahkan kepada PPK untuk PPK "
                 "mengajukan usulan perbaikan RUP dan/atau dokumen terkait perencanaan lainnya "
                 "kepada PA/KPA.",
             kelengkapan=["Daftar pelaku usaha yang sesuai dengan syarat-syarat kualifikasi "
                          "penyedia"],
             outputs=["Laporan hasil analisa ketersediaan penyedia",
                      "Usulan daftar pelaku usaha terkualifikasi"],
             fields=[choice("qualified_available", "Hasil evaluasi kualifikasi", {
                 "available": "a. Terdapat pelaku usaha yang sesuai: penetapan daftar pelaku "
                              "usaha terkualifikasi",
                 "none": "b. Tidak ada pelaku usaha yang sesuai: hasil evaluasi diserahkan "
                         "kepada PPK"})]),
        Decision("gw_04", "Ada pelaku usaha yang memenuhi kualifikasi?", [
            Branch("Ada", 'qualified_available == "available"', "step_08"),
            Branch("Tidak ada", 'qualified_available == "none"', "step_05"),
        ]),
        Step("5", "Menyampaikan usulan perbaikan RUP dan/atau dokumen perencanaan lainnya "
                  "kepada PA/KPA", PPK,
             kelengkapan=["Laporan hasil analisa ketersediaan penyedia",
                          "Usulan daftar pelaku usaha terkualifikasi"],
             outputs=["Usulan perbaikan RUP dan/atau dokumen perencanaan lainnya "
                      "tersampaikan"],
             attachments=["Usulan perbaikan RUP dan/atau dokumen perencanaan lainnya"]),
        End("end_rup_revision", "Usulan perbaikan RUP disampaikan kepada PA/KPA"),
        Step("8", "Mendokumentasikan hasil analisa ketersediaan penyedia", JF,
             kelengkapan=["Hasil analisa dan identifikasi penyedia yang sesuai syarat-syarat "
                          "kualifikasi penyedia"],
             outputs=["Dokumentasi hasil analisa ketersediaan penyedia"]),
        Step("9", "Pembahasan dengan PPK dan penyusunan rencana aksi perbaikan untuk "
                  "pengadaan serupa selanjutnya", JF,
             kelengkapan=["Dokumentasi hasil analisa ketersediaan penyedia"],
             outputs=["Berita Acara Hasil Pembahasan Rencana aksi perbaikan",
                      "Usulan program perbaikan"]),
        End("end", "Selesai: hasil analisa terdokumentasi"),
    ],
    notes=[
        'Pihak: kasus dimulai Jabfung PPBJ di UKPBJ; PPK duduk di perangkat daerah (unit lain), maka lajur PPK lintas unit (cross-unit).',
        "Pelaksana langkah 1-3 tidak bertanda; disimpulkan Jabfung PPBJ (Kualifikasi: "
        "pengolahan dan analisa data penyedia, usulan penyedia sesuai kualifikasi). Langkah 4 "
        "(diagram keputusan di kolom Jabfung PPBJ), 8, 9 dan '10 Selesai' di kolom Jabfung "
        "PPBJ; langkah 5 beserta simbol akhir di kolom PPK, menurut potongan flowchart yang "
        "tersisa.",
        "Penomoran melompat dari 5 ke 8 (tidak ada langkah 6 dan 7); nomor SOP dipertahankan.",
        "Keputusan langkah 4: (a) ada pelaku usaha yang sesuai -> langkah 8 -> 9 -> Selesai; "
        "(b) tidak ada -> langkah 5 (PPK menyampaikan usulan perbaikan RUP kepada PA/KPA) -> "
        "akhir tersendiri 'Usulan perbaikan RUP disampaikan kepada PA/KPA' (simbol akhir "
        "di kolom PPK). 'Penetapan daftar pelaku usaha terkualifikasi' pada 4a adalah Output "
        "langkah 4 (Usulan daftar pelaku usaha terkualifikasi), bukan langkah tersendiri.",
        "Langkah 9 'Pembahasan dengan PPK' ditempatkan di lajur Jabfung PPBJ (tanda di kolom "
        "Jabfung PPBJ); PPK hadir sebagai peserta pembahasan.",
        "'10 Selesai' adalah peristiwa akhir; baris 'Mulai' adalah peristiwa mulai.",
        "Kolom Waktu kosong pada semua langkah: tanpa timer.",
        "Kelengkapan langkah 1 'RAB DIPAD/PA' dibaca 'RAB' dan 'DIPA/DPA'; Kelengkapan "
        "langkah 2: SPSE dan SIKaP wajib, 'Sistem Informasi Lainnya (jika ada)' dan 'Analisa "
        "Pasar (jika diperlukan)' menjadi pilihan isian (bukan daftar periksa wajib).",
        "Ejaan: 'Merevie' -> 'Mereviu', 'terqualifikasi' -> 'terkualifikasi'.",
    ],
)
