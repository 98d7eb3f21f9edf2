"""SOP Pembinaan Pelaku Usaha (Bagian PBJ Setda Kota Pagar Alam, 2024).

Source: /work/shared/seeds/002_928c96537b62e8d7.txt (first SOP of the file). The step numbers
survived in the Pelaksana columns; see NOTES for the judgement calls.
"""
from tools.sopgen.model import Sop, Step, Parallel, End, date, number

KA = "KA UKPBJ"
LPSE = "Kasubag LPSE"
TIM = "Tim Pendataan dan Analisis"

SOP = Sop(
    process_id="pembinaan_pelaku_usaha",
    title="Pembinaan Pelaku Usaha",
    pool="Bagian Pengadaan Barang dan Jasa Sekretariat Daerah Kota Pagar Alam",
    source="002_928c96537b62e8d7.txt",
    documentation="""\
SOP Pembinaan Pelaku Usaha.
Nomor SOP: 16 Tahun 2024. Pemerintah Kota Pagar Alam, Bagian Pengadaan Barang dan Jasa.
Tanggal pembuatan: 17 Januari 2024; tanggal efektif: 17 Januari 2024. Disahkan oleh Pj. Sekretaris Daerah Kota Pagar Alam.
Prosedur ini mencakup proses pembinaan pelaku usaha, pelaksanaan pendampingan kepada Penyedia maupun Pelaku Usaha, untuk meningkatkan ketersediaan dan kapabilitas pelaku usaha.
Dasar hukum (ringkas): UU 25/2009 tentang Pelayanan Publik; Perpres 12/2021 tentang Perubahan atas Perpres 16/2018 tentang Pengadaan Barang/Jasa Pemerintah; Permen PANRB 35/2012 tentang Pedoman Penyusunan SOP Administrasi Pemerintahan; Peraturan LKPP 4/2021 tentang Pembinaan Pelaku Usaha Pengadaan Barang/Jasa; Peraturan Kepala LKPP 1/2015 tentang e-Tendering.""",
    lanes=[KA, LPSE, TIM],
    start_name="Mulai",
    nodes=[
        Step("1", "Rapat review dokumen perencanaan analisis ketersediaan pelaku usaha "
                  "dan analisis kebutuhan pembinaan", KA,
             doc="Rapat review dokumen perencanaan analisis ketersediaan pelaku usaha, "
                 "dilakukan analisis kebutuhan pembinaan.",
             kelengkapan=[], waktu="2 Jam", duration="PT2H",
             outputs=["Notulen hasil rapat"]),
        Step("2", "Melakukan eskalasi permasalahan dan menyusun dokumen perencanaan "
                  "program pembinaan", LPSE,
             kelengkapan=["SIRUP maupun SIKAP"], waktu="2 hari", duration="P2D",
             outputs=["Dokumen data pelaku usaha"]),
        Step("3", "Membuat dokumen strategi perencanaan pembinaan pelaku usaha", LPSE,
             waktu="3 hari", duration="P3D",
             outputs=["Dokumen strategi pembinaan pelaku usaha"]),
        Step("4", "Melaporkan dokumen perencanaan kepada KA UKPBJ dan mengusulkan "
                  "pembinaan", LPSE,
             doc="Melaporkan hasil dokumen perencanaan kepada KA UKPBJ dan mengusulkan untuk "
                 "diberikan pembinaan berdasarkan dokumen strategi pembinaan.",
             kelengkapan=["Dokumen strategi pembinaan"], waktu="5 menit", duration="PT5M",
             outputs=[]),
        Step("5", "Memberikan arahan bagi tim pembinaan untuk melaksanakan program "
                  "pembinaan", KA,
             doc="KA UKPBJ memberikan arahan bagi tim pembinaan untuk melaksanakan program "
                 "pembinaan sesuai dokumen perencanaan.",
             waktu="60 menit", duration="PT1H", outputs=[]),
        Step("6", "Menyusun jadwal dan undangan bagi pelaku usaha", TIM,
             waktu="180 menit", duration="PT3H",
             outputs=["Jadwal pembinaan maupun undangan"],
             fields=[date("coaching_date", "Tanggal pelaksanaan pembinaan")]),
        Step("7", "Melakukan sosialisasi dan memberikan arahan bagi tim pembina "
                  "pelaku usaha", TIM,
             doc="Melakukan sosialisasi dan memberikan arahan bagi tim Pembina pelaku usaha untuk "
                 "melakukan pembinaan atau sosialisasi. Sub-kegiatan a, b dan c (pembinaan per kelompok pelaku usaha) dilaksanakan "
                 "sesudah langkah ini, bersamaan.",
             waktu="-", outputs=[]),
        Parallel("fork_07", "Pembinaan per kelompok pelaku usaha",
                 targets=["step_07a", "step_07b", "step_07c"]),
        Step("7a", "Pembinaan bagi pelaku usaha yang dikenai sanksi daftar hitam "
                   "atau berkinerja buruk", TIM,
             waktu="180 menit", duration="PT3H",
             outputs=["Pendampingan oleh helpdesk LPSE"], attachments=[],
             fields=[number("participants", "Jumlah pelaku usaha yang dibina",
                            required=False)],
             next="join_07"),
        Step("7b", "Pembinaan bagi pelaku usaha baru", TIM,
             waktu="180 menit", duration="PT3H",
             outputs=["Pendampingan oleh helpdesk LPSE"], attachments=[],
             fields=[number("participants", "Jumlah pelaku usaha yang dibina",
                            required=False)],
             next="join_07"),
        Step("7c", "Pembinaan pelaku usaha bagi pelaku usaha yang pasif", TIM,
             waktu="180 menit", duration="PT3H",
             outputs=["Pendampingan oleh helpdesk LPSE"], attachments=[],
             fields=[number("participants", "Jumlah pelaku usaha yang dibina",
                            required=False)],
             next="join_07"),
        Parallel("join_07", "Pembinaan selesai"),
        Step("8", "Melaporkan hasil pembinaan kepada KA UKPBJ lewat Kasubag LPSE", LPSE,
             doc="Proses pendampingan selesai. Tim Pembinaan melaporkan hasil pembinaan kepada "
                 "KA UKPBJ lewat Kasubag LPSE.",
             waktu="1 hari", duration="P1D",
             outputs=["Dokumen hasil laporan pembinaan"]),
        End("end", "Selesai: laporan pembinaan diterima KA UKPBJ", lane=KA),
    ],
    notes=[
        'Pihak: semua lajur di unit yang sama (internal); tidak ada atas nama; satu pemulai.',
        "Lajur mengikuti kolom Pelaksanaan tabel: 'KA UKPBJ', 'Kasubag LPSE', 'Tim Pendataan "
        "dan Analisis'. Teks (Kualifikasi Pelaksana, langkah 5 dan 8) menyebut 'Tim Pembinaan'; "
        "kolom tabel tetap dipakai sebagai nama lajur (tampaknya judul kolom disalin dari SOP "
        "Pengelolaan Penyedia). Pemegang peran 'Tim Pendataan dan Analisis' = Tim Pembinaan.",
        "Langkah 1: simbol 'Mulai' ada di kolom KA UKPBJ pada baris langkah 1, jadi peristiwa "
        "mulai dan langkah 1 (rapat review) di lajur KA UKPBJ.",
        "Langkah 8: nomor 8 ada di kolom Kasubag LPSE dan 'Selesai' di kolom KA UKPBJ; tugas "
        "langkah 8 di lajur Kasubag LPSE (laporan Tim Pembinaan diteruskan lewat Kasubag LPSE), "
        "peristiwa akhir di lajur KA UKPBJ.",
        "Sub-kegiatan 7a, 7b, 7c (tanda 'a,b,c' di kolom Tim) tidak memakai kata 'jika': "
        "dimodelkan paralel (ketiga kelompok pelaku usaha dibina), digabung sebelum langkah 8. "
        "Kelompok tanpa peserta diselesaikan dengan catatan.",
        "Waktu: '60 menit' = PT1H, '180 menit' = PT3H; langkah 7 tanpa Waktu: tanpa timer.",
        "Tidak ada keputusan (jika/koreksi) dalam teks SOP ini: tidak ada gateway eksklusif.",
        "Ejaan diperbaiki pada nama langkah dan Output ('ekskalasi' -> 'eskalasi', 'dikenal "
        "saksi daftar hitam' -> 'dikenai sanksi daftar hitam', 'palaku' -> 'pelaku'); "
        "pengulangan 'maupun yang dikenal saksi daftar hitam' pada 7a dihapus.",
        "Keluaran 7a 'Pendampingan oleh helpdesk LPSE' dicatat sebagai Output untuk 7a, 7b dan "
        "7c (sel digabung di tabel); bukan dokumen, jadi tanpa lampiran.",
    ],
)
